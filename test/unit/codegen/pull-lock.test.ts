import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT_FINDING, EXIT_OK, runCli } from "../../../codegen/cli.js";
import { lockedProtoName } from "../../../codegen/registry/pulled-schemas.js";
import type { ProtobufSchema, ProtoDeclaredType } from "../../../src/compat/index.js";
import { type LockedSubject, parseSchemaLockfile } from "../../../src/registry/index.js";
import { type FakeRegistry, startFakeRegistry } from "../../support/fake-registry.js";

// What `pull` locks: a producer project registers through the fake registry; a consumer project pulls what
// it registered, and its lockfile entries (the pulled subject's, and those of the subjects it references)
// must be the very ones `schemakit lock` writes for a config binding the pulled schema, so that
// `check --lock` finds nothing. For Protobuf, also which message a subject's entry names. The real
// registry runs the same flows in test/integration/protobuf-evolution-cli.test.ts and
// test/integration/schema-evolution-cli.test.ts.

let fake: FakeRegistry;
let dir: string;

beforeEach(async () => {
  fake = await startFakeRegistry();
  dir = await mkdtemp(join(tmpdir(), "schemakit-pull-lock-"));
});

afterEach(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), text);
}

async function run(folder: string, ...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line), cwd: join(dir, folder) };
  // check --lock reads no registry, and refuses one.
  const registry = argv.includes("--lock") ? [] : ["--registry", fake.url];
  const code = await runCli([...argv, ...registry], { ...io, env: {} });
  return { code, out, err };
}

async function lockEntries(folder: string): Promise<ReadonlyMap<string, LockedSubject>> {
  const text = await readFile(join(dir, folder, "schemakit.lock.json"), "utf8");
  return parseSchemaLockfile(JSON.parse(text)).subjects;
}

interface Binding {
  readonly topic: string;
  readonly value: string;
  readonly subjectNameStrategy?: "topic" | "record" | "topic-record";
}

function config(inputs: string, binding: Binding): string {
  const { topic, ...rest } = binding;
  return JSON.stringify({ inputs: [inputs], protoPaths: [inputs], topics: { [topic]: rest } });
}

const MONEY = 'syntax = "proto3";\npackage acme.orders;\n\nmessage Money { int64 units = 1; string currency = 2; }\n';

/** order.proto imports money.proto; `Line` is declared before `Order`, so Order is not message index [0]. */
const ORDER =
  'syntax = "proto3";\npackage acme.orders;\nimport "acme/money.proto";\n\n' +
  "message Line { string sku = 1; int32 quantity = 2; }\n" +
  "message Order { string id = 1; Money total = 2; repeated Line lines = 3; }\n";

/** Registers the producer's order.proto (and its import) under the binding's subject; returns the subject. */
async function produce(binding: Binding): Promise<string> {
  await put("producer/schemakit.config.json", config("protos", binding));
  await put("producer/protos/acme/money.proto", MONEY);
  await put("producer/protos/acme/orders/order.proto", ORDER);
  const registered = await run("producer", "register", "--no-lockfile", "--format", "json");
  expect(registered.err).toEqual([]);
  expect(registered.code).toBe(EXIT_OK);
  const subjects = (JSON.parse(registered.out.join("\n")) as { subjects: { subject: string }[] }).subjects;
  return subjects[subjects.length - 1]?.subject as string;
}

/**
 * The consumer binds the pulled message, pulls the subject and its import (each a lockfile entry), runs
 * `check --lock`, then `lock` from scratch: returns pull's entries and lock's.
 */
async function consume(binding: Binding, ...subjects: string[]) {
  await put("consumer/schemakit.config.json", config("pulled", binding));
  const pulled = await run("consumer", "pull", ...subjects, "--out", "pulled");
  expect(pulled.err).toEqual([]);
  expect(pulled.code).toBe(EXIT_OK);
  const fromPull = await lockEntries("consumer");
  const check = await run("consumer", "check", "--lock");
  await rm(join(dir, "consumer", "schemakit.lock.json"));
  const locked = await run("consumer", "lock");
  expect(locked.err).toEqual([]);
  expect(locked.code).toBe(EXIT_OK);
  return { fromPull, check, fromLock: await lockEntries("consumer") };
}

describe("schemakit pull: a Protobuf subject's lockfile entry names the message, as lock does", () => {
  it.each([
    ["topic", "orders-value"],
    ["record", "acme.orders.Order"],
    ["topic-record", "orders-acme.orders.Order"],
  ] as const)(
    "%s strategy: the entry pull writes is lock's, and check --lock finds nothing",
    async (strategy, name) => {
      const binding: Binding = { topic: "orders", value: "acme.orders.Order", subjectNameStrategy: strategy };
      const subject = await produce(binding);
      expect(subject).toBe(name);
      const { fromPull, check, fromLock } = await consume(binding, subject, "acme/money.proto");
      expect(fromPull.get(subject)).toMatchObject({ schema: "acme.orders.Order", version: 1 });
      expect(fromPull.get("acme/money.proto")).toMatchObject({ schema: "acme/money.proto", version: 1 });
      expect(fromPull).toEqual(fromLock);
      expect(check.out.at(-1)).toMatch(/^schemakit check --lock: 2 subjects in schemakit\.lock\.json: up to date/);
      expect(check.code).toBe(EXIT_OK);
    },
  );

  it("the subject alone: its import is locked too, as lock locks it, and check --lock finds nothing", async () => {
    const binding: Binding = { topic: "orders", value: "acme.orders.Order" };
    await produce(binding);
    const { fromPull, check, fromLock } = await consume(binding, "orders-value");
    expect([...fromPull.keys()].sort()).toEqual(["acme/money.proto", "orders-value"]);
    expect(fromPull.get("acme/money.proto")).toMatchObject({ schema: "acme/money.proto", version: 1 });
    expect(fromPull).toEqual(fromLock);
    expect(check.out.at(-1)).toMatch(/^schemakit check --lock: 2 subjects in schemakit\.lock\.json: up to date/);
    expect(check.code).toBe(EXIT_OK);
  });

  it("an import registered under a subject that is no file name: written, not locked", async () => {
    await fake.backend.register("acme:money", { schema: MONEY, schemaType: "PROTOBUF" });
    const references = [{ name: "acme/money.proto", subject: "acme:money", version: 1 }];
    await fake.backend.register("orders-value", { schema: ORDER, schemaType: "PROTOBUF", references });
    await mkdir(join(dir, "bare"));
    const pulled = await run("bare", "pull", "orders-value", "--out", "pulled");
    expect(pulled.err).toEqual([]);
    expect(pulled.code).toBe(EXIT_OK);
    expect(await readFile(join(dir, "bare", "pulled", "acme", "money.proto"), "utf8")).toMatch(/message Money/);
    expect([...(await lockEntries("bare")).keys()]).toEqual(["orders-value"]);
  });

  it("several messages: the one a config binds to the subject, else message index [0]", async () => {
    const binding: Binding = { topic: "orders", value: "acme.orders.Order" };
    await produce(binding);
    // No config: nothing says which message the topic carries; Confluent's serializers take the first.
    await mkdir(join(dir, "bare"));
    const bare = await run("bare", "pull", "orders-value", "--out", "pulled", "--format", "json");
    expect(bare.code).toBe(EXIT_OK);
    const shown = JSON.parse(bare.out.join("\n")) as { subjects: { schema: string; files: string[] }[] };
    expect(shown.subjects.map((entry) => [entry.schema, entry.files])).toEqual([
      ["acme.orders.Line", ["pulled/acme/money.proto", "pulled/orders-value.proto"]],
    ]);
    expect((await lockEntries("bare")).get("orders-value")).toMatchObject({ schema: "acme.orders.Line" });
    // A config binding the topic's value to Order: that message, the entry lock writes.
    const { fromPull, check, fromLock } = await consume(binding, "orders-value", "acme/money.proto");
    expect(fromPull.get("orders-value")).toMatchObject({ schema: "acme.orders.Order" });
    expect(fromPull).toEqual(fromLock);
    expect(check.code).toBe(EXIT_OK);
  });

  it("a config binding a message the pulled file does not declare: index [0], and check --lock says so", async () => {
    await produce({ topic: "orders", value: "acme.orders.Order" });
    await put("consumer/schemakit.config.json", config("pulled", { topic: "orders", value: "acme.orders.Money" }));
    expect((await run("consumer", "pull", "orders-value", "acme/money.proto", "--out", "pulled")).code).toBe(EXIT_OK);
    expect((await lockEntries("consumer")).get("orders-value")).toMatchObject({ schema: "acme.orders.Line" });
    const check = await run("consumer", "check", "--lock");
    expect(check.out[0]).toBe(
      "stale: subject orders-value is locked to acme.orders.Line, but the config binds acme.orders.Money",
    );
    expect(check.code).toBe(EXIT_FINDING);
  });
});

describe("schemakit pull: an Avro subject's references are locked, as lock locks them", () => {
  const avroConfig = (inputs: string): string =>
    JSON.stringify({ inputs: [inputs], topics: { orders: { value: "acme.Order" } } });
  const record = (name: string, fields: object[]): string =>
    JSON.stringify({ type: "record", name, namespace: "acme", fields });
  const city = { name: "city", type: "string" };
  const country = { name: "country", type: "acme.Country" };

  /** Order → Address → Country, each in a file of its own, so each a subject of its own. */
  async function produceAvro(...addressFields: object[]): Promise<void> {
    await put("producer/schemakit.config.json", avroConfig("schemas"));
    await put("producer/schemas/country.avsc", record("Country", [{ name: "code", type: "string" }]));
    await put("producer/schemas/address.avsc", record("Address", [city, country, ...addressFields]));
    const to = { name: "to", type: "acme.Address" };
    await put("producer/schemas/order.avsc", record("Order", [{ name: "id", type: "string" }, to]));
    const registered = await run("producer", "register", "--no-lockfile");
    expect(registered.err).toEqual([]);
    expect(registered.code).toBe(EXIT_OK);
  }

  it("the subject alone: each subject it references, at the version it references; check --lock passes", async () => {
    await produceAvro();
    // Address v2, and so orders-value v2: the references locked are the versions the pulled one names.
    await produceAvro({ name: "zip", type: ["null", "string"], default: null });
    await put("consumer/schemakit.config.json", avroConfig("pulled"));
    const pulled = await run("consumer", "pull", "orders-value@1", "--out", "pulled");
    expect(pulled.err).toEqual([]);
    expect(pulled.code).toBe(EXIT_OK);
    const fromPull = await lockEntries("consumer");
    expect([...fromPull.keys()].sort()).toEqual(["acme.Address", "acme.Country", "orders-value"]);
    expect(fromPull.get("acme.Address")).toMatchObject({ schema: "acme.Address", version: 1 });
    expect(fromPull.get("acme.Country")).toMatchObject({ schema: "acme.Country", version: 1 });
    expect(fromPull.get("orders-value")).toMatchObject({ schema: "acme.Order", version: 1 });

    const check = await run("consumer", "check", "--lock");
    expect(check.out).toEqual(["schemakit check --lock: 3 subjects in schemakit.lock.json: up to date"]);
    expect(check.code).toBe(EXIT_OK);
    await rm(join(dir, "consumer", "schemakit.lock.json"));
    const locked = await run("consumer", "lock");
    expect(locked.err).toEqual([]);
    expect(locked.code).toBe(EXIT_OK);
    expect(fromPull).toEqual(await lockEntries("consumer"));
  });
});

describe("lockedProtoName", () => {
  const reserved = { ranges: [], names: [] };
  const message = (fullName: string, types: ProtoDeclaredType[] = []): ProtoDeclaredType => ({
    kind: "message",
    name: fullName.slice(fullName.lastIndexOf(".") + 1),
    localName: fullName.slice("acme.".length),
    fullName,
    packageName: "acme",
    reserved,
    fields: [],
    oneofs: [],
    types,
  });
  const status: ProtoDeclaredType = {
    kind: "enum",
    name: "Status",
    localName: "Status",
    fullName: "acme.Status",
    packageName: "acme",
    reserved,
    values: [{ name: "UNKNOWN", number: 0 }],
  };
  const schema = (types: ProtoDeclaredType[]): ProtobufSchema => ({
    file: "s.proto",
    packageName: "acme",
    proto2: false,
    types,
    byFullName: new Map(),
    services: [],
  });
  const file = schema([status, message("acme.Line"), message("acme.Order", [message("acme.Order.Item")])]);

  it.each([
    ["a bound message the file declares, nested ones too", "orders-value", ["acme.Order.Item"], "acme.Order.Item"],
    ["a bound message it does not declare: the first top-level message", "orders-value", ["acme.Money"], "acme.Line"],
    ["an import path subject", "acme/s.proto", [], "acme/s.proto"],
    ["the record strategy, a nested message", "acme.Order.Item", [], "acme.Order.Item"],
    ["the topic-record strategy", "orders-acme.Order.Item", [], "acme.Order.Item"],
    ["the topic strategy: message index [0], enums not counted", "orders-value", [], "acme.Line"],
  ])("%s", (_name, subject, bound, expected) => {
    const rootPath = subject.endsWith(".proto") ? subject : `${subject}.proto`;
    expect(lockedProtoName(subject, rootPath, file, bound)).toBe(expected);
  });

  it("a file without messages keeps its path", () => {
    expect(lockedProtoName("status-value", "status-value.proto", schema([status]), [])).toBe("status-value.proto");
  });
});
