import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_USAGE, runCli } from "../../codegen/cli.js";
import {
  ConfigError,
  InvalidRecordError,
  PartitionError,
  RecordTooLargeError,
  RegistryRejectedError,
  RegistryUnavailableError,
  SdkError,
  SerializationError,
  WireFormatError,
} from "../../src/errors/index.js";
import { createProducer, type ProducerOptions } from "../../src/producer/index.js";
import { HttpRegistryClient } from "../../src/registry/http-registry-client.js";
import { SchemaRegistry } from "../../src/registry/index.js";
import { createDeserializer, createSerializer } from "../../src/serde/index.js";
import { FakeTransport } from "../support/fake-transport.js";
import { InMemoryRegistry } from "../support/in-memory-registry.js";
import { User } from "./codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";
import { UserEvent } from "./codegen/golden/user-event/com/example/user-event.avro.js";

// Hostile input is normal input. Each row is one bad input at one of schemakit's doors, the typed error it
// must get, and (for sends) proof that nothing else was lost: the sends before and after it arrive.

type ErrorClass = abstract new (...args: never[]) => SdkError;
const good = (id: string): User => new User({ id, name: "n", legacyScore: 1 });

// ---- sends: the bad send rejects alone, its neighbours are stored ----------------------------------------

interface SendRow {
  readonly name: string;
  readonly value?: unknown;
  readonly options?: unknown;
  readonly producer?: Partial<ProducerOptions>;
  readonly error: ErrorClass;
}

const SENDS: readonly SendRow[] = [
  { name: "value: a field of the wrong type", value: { id: "x", name: 42, legacyScore: 1 }, error: SerializationError },
  { name: "value: a missing field", value: { id: "x", legacyScore: 1 }, error: SerializationError },
  {
    name: "value: a bigint in an int field",
    value: { id: "x", name: "n", legacyScore: 1n },
    error: SerializationError,
  },
  {
    name: "value: an int beyond 32 bits",
    value: { id: "x", name: "n", legacyScore: 2 ** 31 },
    error: SerializationError,
  },
  {
    name: "value: NaN in an int field",
    value: { id: "x", name: "n", legacyScore: Number.NaN },
    error: SerializationError,
  },
  { name: "value: null", value: null, error: SerializationError },
  { name: "value: a string", value: "user", error: SerializationError },
  { name: "value: an array", value: [], error: SerializationError },
  {
    name: "value: a getter that throws",
    value: Object.defineProperty({ id: "x", legacyScore: 1 }, "name", {
      enumerable: true,
      get: () => {
        throw new Error("boom");
      },
    }),
    error: SerializationError,
  },
  { name: "header: a number", options: { headers: { n: 1 } }, error: InvalidRecordError },
  { name: "header: undefined", options: { headers: { u: undefined } }, error: InvalidRecordError },
  { name: "header: an object", options: { headers: { o: {} } }, error: InvalidRecordError },
  { name: "headers: an array", options: { headers: [["a", "b"]] }, error: InvalidRecordError },
  { name: "headers: a string", options: { headers: "a=b" }, error: InvalidRecordError },
  { name: "timestamp: NaN", options: { timestamp: Number.NaN }, error: InvalidRecordError },
  { name: "timestamp: an Invalid Date", options: { timestamp: new Date("x") }, error: InvalidRecordError },
  { name: "timestamp: 1e20", options: { timestamp: 1e20 }, error: InvalidRecordError },
  { name: "timestamp: negative", options: { timestamp: -5 }, error: InvalidRecordError },
  { name: "timestamp: fractional", options: { timestamp: 1.5 }, error: InvalidRecordError },
  { name: "timestamp: a string", options: { timestamp: "now" }, error: InvalidRecordError },
  { name: "key: a number", options: { key: 7 }, error: SerializationError },
  { name: "key: an object", options: { key: { id: 1 } }, error: SerializationError },
  { name: "partition: negative", options: { partition: -1 }, error: PartitionError },
  { name: "partition: past the last", options: { partition: 3 }, error: PartitionError },
  { name: "partition: fractional", options: { partition: 1.5 }, error: PartitionError },
  { name: "partition: NaN", options: { partition: Number.NaN }, error: PartitionError },
  { name: "partition: a string", options: { partition: "1" }, error: PartitionError },
  { name: "options: null", options: null, error: InvalidRecordError },
  {
    name: "a record over maxRequestSizeBytes",
    value: new User({ id: "x", name: "n".repeat(5_000), legacyScore: 1 }),
    producer: { maxRequestSizeBytes: 2_000, bufferMemoryBytes: 1 << 20 },
    error: RecordTooLargeError,
  },
];

describe("hostile input catalog: sends", () => {
  it.each(SENDS.map((row) => [row.name, row] as const))("%s", async (_name, row) => {
    const transport = new FakeTransport();
    transport.partitions.set("users", 3);
    const producer = createProducer({
      registry: new InMemoryRegistry(),
      transport,
      lingerMs: 20,
      ...row.producer,
    });
    const users = producer.topic("users", { value: User, key: "string", keyMaker: (user) => user.id });
    await users.prepare();
    const before = users.send(good("a"));
    const value = "value" in row ? row.value : good("b");
    const bad = users.send(value as User, row.options as never).catch((error: unknown) => error);
    const after = users.send(good("c"));
    const error = await bad;
    expect(error).toBeInstanceOf(row.error);
    expect(error).toMatchObject({ topic: "users" });
    await Promise.all([before, after]);
    await producer.close();
    expect([...transport.logs.values()].flat()).toHaveLength(2);
  });
});

// ---- bytes: a deserializer given hostile bytes fails with WireFormatError, fast ---------------------------

describe("hostile input catalog: wire bytes", () => {
  const registry = new InMemoryRegistry();
  let valid: Buffer;
  beforeAll(async () => {
    valid = await createSerializer(User, { registry }).serialize("users", good("a"));
  });

  const rows: readonly (readonly [string, () => Buffer])[] = [
    ["no bytes", () => Buffer.alloc(0)],
    ["a wrong magic byte", () => Buffer.concat([Buffer.from([1]), valid.subarray(1)])],
    ["a header cut short", () => valid.subarray(0, 3)],
    ["the payload cut short", () => valid.subarray(0, valid.length - 2)],
    ["trailing garbage", () => Buffer.concat([valid, Buffer.from([1, 2, 3])])],
    [
      "a string length past the end",
      () => Buffer.concat([valid.subarray(0, 5), Buffer.from([0xfe, 0xff, 0xff, 0x0f])]),
    ],
    ["a negative string length", () => Buffer.concat([valid.subarray(0, 5), Buffer.from([0x03])])],
    ["a varint longer than 10 bytes", () => Buffer.concat([valid.subarray(0, 5), Buffer.alloc(12, 0xff)])],
  ];

  it.each(rows)("%s", async (_name, bytes) => {
    const error = await createDeserializer(User, { registry })
      .deserialize("users", bytes())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WireFormatError);
  });

  it("an unknown schema id is a registry error, not a crash", async () => {
    const bytes = Buffer.from(valid);
    bytes.writeInt32BE(987_654, 1);
    const error = await createDeserializer(User, { registry })
      .deserialize("users", bytes)
      .catch((e: unknown) => e);
    expect(SdkError.is(error)).toBe(true);
  });
});

// ---- registry answers: whatever comes back is a typed registry error --------------------------------------

describe("hostile input catalog: registry answers", () => {
  let server: Server;
  let url: string;
  let answer: { status: number; type: string; body: string | Buffer } = { status: 200, type: "", body: "" };
  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(answer.status, { "content-type": answer.type });
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const rows: readonly (readonly [string, typeof answer, ErrorClass])[] = [
    [
      "an HTML error page (502)",
      { status: 502, type: "text/html", body: "<html>Bad gateway</html>" },
      RegistryUnavailableError,
    ],
    ["an HTML page with 200", { status: 200, type: "text/html", body: "<html>login</html>" }, RegistryUnavailableError],
    ["malformed JSON", { status: 200, type: "application/json", body: '{"schema": ' }, RegistryUnavailableError],
    [
      "a wrong type for schema",
      { status: 200, type: "application/json", body: '{"schema": 42}' },
      RegistryUnavailableError,
    ],
    ["a JSON array", { status: 200, type: "application/json", body: "[]" }, RegistryUnavailableError],
    ["a huge body", { status: 500, type: "text/plain", body: Buffer.alloc(4 << 20, 0x41) }, RegistryUnavailableError],
    ["404 without a JSON body", { status: 404, type: "text/plain", body: "nope" }, RegistryRejectedError],
  ];

  it.each(rows)("%s", async (_name, canned, errorClass) => {
    answer = canned;
    const client = new HttpRegistryClient({ url, retries: 0 });
    try {
      const error = await client.getById(1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(errorClass);
      expect((error as Error).message.length).toBeLessThan(4_000);
    } finally {
      await client.close();
    }
  });
});

// ---- options: a bad option is a ConfigError naming it ------------------------------------------------------

describe("hostile input catalog: options", () => {
  const registry = new InMemoryRegistry();
  const rows: readonly (readonly [string, () => unknown])[] = [
    ["producer: no brokers", () => createProducer({ registry, brokers: [] })],
    ["producer: a broker without a port", () => createProducer({ registry, brokers: ["localhost"] })],
    ["producer: lingerMs negative", () => createProducer({ registry, brokers: ["a:1"], lingerMs: -1 })],
    ["producer: acks 2", () => createProducer({ registry, brokers: ["a:1"], acks: 2 as never })],
    [
      "producer: idempotent with acks 1",
      () => createProducer({ registry, brokers: ["a:1"], acks: 1, idempotent: true }),
    ],
    ["producer: compression brotli", () => createProducer({ registry, brokers: ["a:1"], compression: "br" as never })],
    ["producer: no registry", () => createProducer({ brokers: ["a:1"] } as never)],
    ["registry: an unparsable URL", () => new SchemaRegistry({ url: "http://user:pw@[bad" })],
    ["registry: a URL of another protocol", () => new SchemaRegistry({ url: "ftp://registry" })],
    ["topic: no value type", () => createProducer({ registry, brokers: ["a:1"] }).topic("t", {} as never)],
    [
      "topic: an unknown partitioner",
      () => createProducer({ registry, brokers: ["a:1"] }).topic("t", { value: UserEvent, partitioner: "x" as never }),
    ],
  ];

  it.each(rows)("%s", (_name, make) => {
    expect(make).toThrow(ConfigError);
  });
});

// ---- generator inputs: exit 2 with a message, never a stack or exit 1 -------------------------------------

describe("hostile input catalog: generator inputs", () => {
  const rows: readonly (readonly [string, string, string])[] = [
    ["a.avsc", "{ not json", "malformed JSON"],
    ["a.avsc", JSON.stringify({ type: "record", name: "A", fields: [{ name: "x", type: "Nope" }] }), "an unknown type"],
    ["a.avsc", JSON.stringify({ type: "record", name: "1A", fields: [] }), "an invalid name"],
    ["a.avsc", JSON.stringify({ type: "enum", name: "E", symbols: ["A", "A"] }), "a duplicate enum symbol"],
    ["a.avsc", JSON.stringify({ type: "fixed", name: "F", size: -1 }), "a negative fixed size"],
    ["a.avsc", `${"[".repeat(5_000)}"int"${"]".repeat(5_000)}`, "5,000-deep nesting"],
    ["a.avdl", "protocol P { record A { int x } }", "IDL missing a semicolon"],
    ["a.avdl", "protocol P { /* never closed", "IDL with an unterminated comment"],
  ];

  it.each(rows.map(([file, text, name]) => [name, file, text] as const))("%s", async (_name, file, text) => {
    const dir = await mkdtemp(join(tmpdir(), "schemakit-hostile-"));
    try {
      await writeFile(join(dir, file), text);
      const err: string[] = [];
      const code = await runCli(["generate", file, "--out", "gen"], {
        out: () => undefined,
        err: (line) => err.push(line),
        cwd: dir,
      });
      expect(code).toBe(EXIT_USAGE);
      expect(err.join("\n")).toMatch(/^schemakit generate: /);
      expect(err.join("\n")).not.toMatch(/\n\s+at /);
      expect(await readdir(dir)).toEqual([file]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
