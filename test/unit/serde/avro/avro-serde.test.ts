import { readFileSync } from "node:fs";
import avsc from "avsc";
import { beforeEach, describe, expect, it } from "vitest";
import {
  ConfigError,
  RegistryRejectedError,
  RegistryUnavailableError,
  SchemaNotPreparedError,
  SerializationError,
} from "../../../../src/errors/index.js";
import { defineAvroRecord } from "../../../../src/runtime/v1/index.js";
import { createDeserializer, createSerializer } from "../../../../src/serde/index.js";
import { InMemoryRegistry } from "../../../support/in-memory-registry.js";

const USER_EVENT_SCHEMA = JSON.parse(
  readFileSync(new URL("../../../../schemas/examples/user-event.avsc", import.meta.url), "utf8"),
) as object;

interface UserEvent {
  userId: string;
  ts: Date;
  eventType: "VIEW" | "CLICK" | "PURCHASE" | "SIGNUP" | "LOGOUT";
  sessionId: string | null;
  amount: number;
  flag: boolean;
  tags: string[];
  counters: Record<string, number>;
  geo: { lat: number; lon: number };
  lastGeo: { lat: number; lon: number } | null;
  count: number;
  payload: Buffer;
}

const UserEvent = defineAvroRecord<UserEvent>({ schema: USER_EVENT_SCHEMA });

function userEvent(overrides: Partial<UserEvent> = {}): UserEvent {
  return {
    userId: "u-1",
    ts: new Date("2026-01-01T00:00:00.858Z"),
    eventType: "CLICK",
    sessionId: null,
    amount: 12.5,
    flag: true,
    tags: ["a", "ü"],
    counters: { views: 3, big: 2 ** 40 },
    geo: { lat: 52.5, lon: 13.4 },
    lastGeo: { lat: 1, lon: 2 },
    count: 7,
    payload: Buffer.from("0102", "hex"),
    ...overrides,
  };
}

let registry: InMemoryRegistry;

beforeEach(() => {
  registry = new InMemoryRegistry();
});

describe("Avro serializer", () => {
  it("registers under <topic>-value and writes header + plain Avro binary", async () => {
    const serializer = createSerializer(UserEvent, { registry });
    const value = userEvent();
    const bytes = await serializer.serialize("user-events", value);

    expect(await registry.getSubjects()).toEqual(["user-events-value"]);
    const id = await registry.register("user-events-value", { schema: UserEvent.schema });
    // Reference payload: avsc's own encoder over the same schema, timestamp as epoch millis.
    const plain = avsc.Type.forSchema(USER_EVENT_SCHEMA as avsc.Schema).toBuffer({ ...value, ts: value.ts.getTime() });
    expect(bytes.subarray(0, 5).toString("hex")).toBe(`00${id.toString(16).padStart(8, "0")}`);
    expect(bytes.subarray(5).equals(plain)).toBe(true);
  });

  it("round-trips every field through the deserializer", async () => {
    const value = userEvent({ sessionId: "s-9", lastGeo: null, tags: [], counters: {} });
    const bytes = await createSerializer(UserEvent, { registry }).serialize("t", value);
    expect(await createDeserializer(UserEvent, { registry }).deserialize("t", bytes)).toEqual(value);
  });

  it("asks the registry once for 1,000 concurrent first serializations", async () => {
    const serializer = createSerializer(UserEvent, { registry });
    const all = await Promise.all([...Array(1_000).keys()].map((i) => serializer.serialize("t", userEvent({ count: i }))));
    expect(all).toHaveLength(1_000);
    expect(registry.calls["register"]).toBe(1);
  });

  it("refuses to encode synchronously before prepare, then encodes without the registry", async () => {
    const serializer = createSerializer(UserEvent, { registry });
    expect(() => serializer.serializeSync("t", userEvent())).toThrow(SchemaNotPreparedError);
    const prepared = await serializer.prepare("t");
    expect(prepared).toEqual({ topic: "t", subject: "t-value", schemaId: 1 });
    const before = { ...registry.calls };
    expect(serializer.serializeSync("t", userEvent()).readInt32BE(1)).toBe(1);
    expect(registry.calls).toEqual(before);
  });

  it("retries prepare after a failed registry call instead of caching the failure", async () => {
    const register = registry.register.bind(registry);
    let failures = 1;
    registry.register = async (...args) => {
      if (failures-- > 0) throw new RegistryUnavailableError({ method: "POST", url: "memory://x" }, "down");
      return register(...args);
    };
    const serializer = createSerializer(UserEvent, { registry });
    await expect(serializer.prepare("t")).rejects.toThrow(RegistryUnavailableError);
    await expect(serializer.prepare("t")).resolves.toMatchObject({ schemaId: 1 });
  });

  it("lists every invalid field with path, expected type and actual type, plus topic and subject", async () => {
    const serializer = createSerializer(UserEvent, { registry });
    const bad = { ...userEvent(), geo: { lat: "north", lon: 1 }, tags: ["ok", 5], count: 1.5, userId: undefined };
    const error = await serializer.serialize("user-events", bad as unknown as UserEvent).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SerializationError);
    const serialization = error as SerializationError;
    expect(serialization).toMatchObject({ topic: "user-events", subject: "user-events-value", recordName: "com.example.UserEvent", schemaId: 1 });
    expect(serialization.invalidFields).toEqual([
      { path: ["userId"], expected: "string", actual: "undefined" },
      { path: ["tags", "1"], expected: "string", actual: "number" },
      { path: ["geo", "lat"], expected: "double", actual: "string" },
      { path: ["count"], expected: "int", actual: "number" },
    ]);
    expect(serialization.message).toContain('serialize com.example.UserEvent for topic "user-events" (subject "user-events-value", schema id 1): 4 invalid fields');
  });

  it("rejects a long outside the safe-integer range instead of losing precision", async () => {
    const serializer = createSerializer(UserEvent, { registry });
    const error = await serializer
      .serialize("t", userEvent({ counters: { fine: 1, huge: 2 ** 53 + 2 } }))
      .catch((e: unknown) => e as SerializationError);
    expect(error).toBeInstanceOf(SerializationError);
    expect((error as SerializationError).invalidFields).toEqual([
      { path: ["counters", "huge"], expected: "long", actual: "number (unsafe integer)" },
    ]);
  });

  // avsc 5.7.9 alone writes n < -2^52 as other values and refuses ±(2^53 - 1). Bytes: the Avro spec's
  // zig-zag varint of each value (z = 2n for n >= 0, -2n - 1 below); the interop suite checks the same
  // values against Confluent's Python serializer.
  it.each([
    [-(2 ** 52) - 1, "8180808080808010"],
    [Number.MIN_SAFE_INTEGER, "fdffffffffffff1f"],
    [Number.MAX_SAFE_INTEGER, "feffffffffffff1f"],
    [-(2 ** 52), "ffffffffffffff0f"],
    [2 ** 40, "808080808040"],
  ])("writes and reads the long %i exactly as %s", async (l, hex) => {
    const Long = defineAvroRecord<{ l: number }>({
      schema: { type: "record", name: "L", namespace: "com.example", fields: [{ name: "l", type: "long" }] },
    });
    const bytes = await createSerializer(Long, { registry }).serialize("t", { l });
    expect(bytes.subarray(5).toString("hex")).toBe(hex);
    expect(await createDeserializer(Long, { registry }).deserialize("t", bytes)).toEqual({ l });
  });

  it("refuses to read a long a number cannot hold", async () => {
    const Long = defineAvroRecord<{ l: number }>({
      schema: { type: "record", name: "L", namespace: "com.example", fields: [{ name: "l", type: "long" }] },
    });
    const id = await registry.register("t-value", { schema: Long.schema });
    // 2^53 + 1 (zig-zag 2^54 + 2): written by a Java or bigint producer.
    const bytes = Buffer.from(`00${id.toString(16).padStart(8, "0")}8280808080808020`, "hex");
    await expect(createDeserializer(Long, { registry }).deserialize("t", bytes)).rejects.toThrow(/potential precision loss/);
  });

  it("writes and reads 64-bit longs exactly in bigint mode", async () => {
    const schema = { type: "record", name: "Big", namespace: "com.example", fields: [{ name: "n", type: "long" }] };
    const Big = defineAvroRecord<{ n: bigint }>({ schema, longs: "bigint" });
    const values = [2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n + 1n, 0n];
    const serializer = createSerializer(Big, { registry });
    const deserializer = createDeserializer(Big, { registry });
    for (const n of values) {
      expect(await deserializer.deserialize("t", await serializer.serialize("t", { n }))).toEqual({ n });
    }
    // 2^63 - 1 as a zig-zag varint: Avro spec encoding of the largest long.
    expect((await serializer.serialize("t", { n: 2n ** 63n - 1n })).subarray(5).toString("hex")).toBe("feffffffffffffffff01");
    await expect(serializer.serialize("t", { n: 2n ** 64n })).rejects.toThrow(SerializationError);
  });

  it("refuses truncated payloads and bytes after the payload", async () => {
    const bytes = await createSerializer(UserEvent, { registry }).serialize("t", userEvent());
    const deserializer = createDeserializer(UserEvent, { registry });
    await expect(deserializer.deserialize("t", bytes.subarray(0, bytes.length - 1))).rejects.toThrow(/truncated Avro payload/);
    await expect(deserializer.deserialize("t", Buffer.concat([bytes, Buffer.from([0])]))).rejects.toThrow(
      /schema id 1: 1 bytes after the Avro payload/,
    );
  });

  it("grows its scratch buffer for large records", async () => {
    const payload = Buffer.alloc(200_000, 7);
    const bytes = await createSerializer(UserEvent, { registry }).serialize("t", userEvent({ payload }));
    expect((await createDeserializer(UserEvent, { registry }).deserialize("t", bytes)).payload.equals(payload)).toBe(true);
  });

  it.each([
    ["record", false, "com.example.UserEvent"],
    ["topic-record", false, "orders-com.example.UserEvent"],
    ["topic", true, "orders-key"],
  ] as const)("names the subject with the %s strategy (key: %s)", async (subjectNameStrategy, isKey, subject) => {
    await createSerializer(UserEvent, { registry, subjectNameStrategy, isKey }).prepare("orders");
    expect(await registry.getSubjects()).toEqual([subject]);
  });

  it("looks the schema up instead of registering when autoRegister is false", async () => {
    const serializer = createSerializer(UserEvent, { registry, autoRegister: false });
    await expect(serializer.prepare("t")).rejects.toMatchObject({ registryErrorCode: 40401 });
    await registry.register("t-value", { schema: UserEvent.schema });
    await expect(serializer.prepare("t")).resolves.toMatchObject({ schemaId: 1 });
    expect(registry.calls["register"]).toBe(1);
  });

  it("writes with a pinned schema id after checking that it exists", async () => {
    const id = await registry.register("elsewhere", { schema: UserEvent.schema });
    const bytes = await createSerializer(UserEvent, { registry, schemaId: id }).serialize("t", userEvent());
    expect(bytes.readInt32BE(1)).toBe(id);
    await expect(createSerializer(UserEvent, { registry, schemaId: 99 }).prepare("t")).rejects.toThrow(RegistryRejectedError);
  });

  it("rejects contradictory modes", () => {
    expect(() => createSerializer(UserEvent, { registry, useLatest: true, schemaId: 1 })).toThrow(ConfigError);
    expect(() => createSerializer(UserEvent, { registry, latestCompatibilityStrict: true })).toThrow(ConfigError);
    expect(() => createSerializer(UserEvent, { registry, schemaId: -1 })).toThrow(ConfigError);
  });
});

const V1 = { type: "record", name: "Account", namespace: "com.example", fields: [
  { name: "id", type: "string" },
  { name: "legacy", type: "int" },
] };
const V2 = { type: "record", name: "Account", namespace: "com.example", fields: [
  { name: "id", type: "string" },
  { name: "tier", type: "string", default: "basic" },
] };

describe("schema evolution", () => {
  it("reads a v1 record into the v2 type: removed field dropped, new field defaulted", async () => {
    const AccountV1 = defineAvroRecord<{ id: string; legacy: number }>({ schema: V1 });
    const AccountV2 = defineAvroRecord<{ id: string; tier: string }>({ schema: V2 });
    const written = await createSerializer(AccountV1, { registry }).serialize("accounts", { id: "a1", legacy: 3 });
    const deserializer = createDeserializer(AccountV2, { registry });
    expect(await deserializer.deserialize("accounts", written)).toEqual({ id: "a1", tier: "basic" });
    await deserializer.deserialize("accounts", written);
    expect(registry.calls["getById"]).toBe(1);
  });

  it("writes with the latest version in useLatest mode, and the strict check refuses an unreadable local schema", async () => {
    await registry.register("accounts-value", { schema: JSON.stringify(V2) });
    const AccountV2 = defineAvroRecord<{ id: string; tier: string }>({ schema: V2 });
    const bytes = await createSerializer(AccountV2, { registry, useLatest: true, latestCompatibilityStrict: true }).serialize(
      "accounts",
      { id: "a", tier: "gold" },
    );
    expect(bytes.readInt32BE(1)).toBe(1);

    // The latest (v2) cannot read what v3 writes: "id" changed from string to int.
    const V3 = { ...V2, fields: [{ name: "id", type: "int" }] };
    const AccountV3 = defineAvroRecord<{ id: number }>({ schema: V3 });
    await expect(
      createSerializer(AccountV3, { registry, useLatest: true, latestCompatibilityStrict: true }).prepare("accounts"),
    ).rejects.toThrow(/latestCompatibilityStrict.*subject "accounts-value" version 1/);
  });

  it("decodes a writer schema it has not seen only after fetching it", async () => {
    const AccountV1 = defineAvroRecord<{ id: string; legacy: number }>({ schema: V1 });
    const written = await createSerializer(AccountV1, { registry }).serialize("accounts", { id: "a1", legacy: 3 });
    expect(() => createDeserializer(AccountV1, { registry }).deserializeSync("accounts", written)).toThrow(SchemaNotPreparedError);
  });
});

describe("references", () => {
  const Address = defineAvroRecord<{ street: string }>({
    schema: { type: "record", name: "Address", namespace: "com.example", fields: [{ name: "street", type: "string" }] },
  });
  const Customer = defineAvroRecord<{ name: string; home: { street: string } }>({
    schema: {
      type: "record",
      name: "Customer",
      namespace: "com.example",
      fields: [
        { name: "name", type: "string" },
        { name: "home", type: "com.example.Address" },
      ],
    },
    references: () => [Address],
  });

  it("registers referenced types under their full name and the record with references", async () => {
    const value = { name: "Ada", home: { street: "Main St" } };
    const bytes = await createSerializer(Customer, { registry }).serialize("customers", value);
    expect(await registry.getSubjects()).toEqual(["com.example.Address", "customers-value"]);
    const latest = await registry.getVersion("customers-value", "latest");
    expect(latest.references).toEqual([{ name: "com.example.Address", subject: "com.example.Address", version: 1 }]);
    expect(await createDeserializer(Customer, { registry }).deserialize("customers", bytes)).toEqual(value);
  });
});
