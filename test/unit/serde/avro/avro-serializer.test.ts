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
import { User } from "../../codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";
import { USER_EVENT_SCHEMA, UserEvent, uniqueRecord, userEvent } from "./user-event-fixture.js";

let registry: InMemoryRegistry;

beforeEach(() => {
  registry = new InMemoryRegistry();
});

async function failure(promise: Promise<unknown>): Promise<SerializationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SerializationError);
  return error as SerializationError;
}

describe("AvroSerializer: framing and two phases", () => {
  it("registers under <topic>-value and writes header + plain Avro binary", async () => {
    const serializer = createSerializer(UserEvent, { registry });
    const value = userEvent();
    const bytes = await serializer.serialize("user-events", value);

    expect(await registry.getSubjects()).toEqual(["user-events-value"]);
    const id = await registry.register("user-events-value", { schema: UserEvent.schema });
    // Reference payload: avsc's plain encoder over the same schema (no schemakit code), timestamp as
    // epoch millis, which is what timestamp-millis is on the wire.
    const plain = avsc.Type.forSchema(USER_EVENT_SCHEMA as avsc.Schema).toBuffer({ ...value, ts: value.ts.getTime() });
    expect(bytes.subarray(0, 5).toString("hex")).toBe(`00${id.toString(16).padStart(8, "0")}`);
    expect(bytes.subarray(5).equals(plain)).toBe(true);
  });

  it("asks the registry once for 1,000 concurrent first serializations", async () => {
    const serializer = createSerializer(UserEvent, { registry });
    const all = await Promise.all(
      [...Array(1_000).keys()].map((i) => serializer.serialize("t", userEvent({ count: i }))),
    );
    expect(all).toHaveLength(1_000);
    expect(new Set(all.map((bytes) => bytes.readInt32BE(1)))).toEqual(new Set([1]));
    expect(registry.calls["register"]).toBe(1);
  });

  it("refuses to encode synchronously before prepare, then encodes without the registry", async () => {
    const serializer = createSerializer(UserEvent, { registry });
    expect(() => serializer.serializeSync("t", userEvent())).toThrow(SchemaNotPreparedError);
    const prepared = await serializer.prepare("t");
    expect(prepared).toEqual({ topic: "t", subject: "t-value", schemaId: 1 });
    const before = { ...registry.calls };
    expect(serializer.serializeSync("t", userEvent()).readInt32BE(1)).toBe(1);
    expect(() => serializer.serializeSync("other", userEvent())).toThrow(SchemaNotPreparedError);
    expect(registry.calls).toEqual(before);
  });

  it("returns an independent exact-size buffer per record", async () => {
    const serializer = createSerializer(UserEvent, { registry });
    await serializer.prepare("t");
    const first = serializer.serializeSync("t", userEvent({ userId: "first" }));
    const copy = Buffer.from(first);
    serializer.serializeSync("t", userEvent({ userId: "second, longer" }));
    expect(first.equals(copy)).toBe(true);
    const value = userEvent({ userId: "first" });
    const body = avsc.Type.forSchema(USER_EVENT_SCHEMA as avsc.Schema).toBuffer({ ...value, ts: value.ts.getTime() });
    expect(first.length).toBe(5 + body.length);
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

  it("grows its scratch buffer for large records", async () => {
    const payload = Buffer.alloc(200_000, 7);
    const serializer = createSerializer(UserEvent, { registry });
    const bytes = await serializer.serialize("t", userEvent({ payload }));
    expect((await createDeserializer(UserEvent, { registry }).deserialize("t", bytes)).payload.equals(payload)).toBe(
      true,
    );
    // And small ones still come out exact after growing.
    expect((await serializer.serialize("t", userEvent())).length).toBe(
      (await createSerializer(UserEvent, { registry }).serialize("t", userEvent())).length,
    );
  });

  it("accepts generated-class instances and the class itself as the type", async () => {
    class Point {
      static readonly schema = defineAvroRecord<Point, { x: number; y: number }>({
        schema: uniqueRecord("Point", [
          { name: "x", type: "int" },
          { name: "y", type: "int" },
        ]),
        create: (init) => new Point(init),
      });
      readonly x: number;
      readonly y: number;
      constructor(init: { x: number; y: number }) {
        this.x = init.x;
        this.y = init.y;
      }
    }
    const bytes = await createSerializer(Point, { registry }).serialize("points", new Point({ x: 1, y: -1 }));
    expect(bytes.subarray(5).toString("hex")).toBe("0201");
    const back = await createDeserializer(Point, { registry }).deserialize("points", bytes);
    expect(back).toBeInstanceOf(Point);
    expect(back).toEqual(new Point({ x: 1, y: -1 }));
  });
});

describe("AvroSerializer: validation errors", () => {
  it("lists every invalid field with path, expected type and actual type, plus topic and subject", async () => {
    const serializer = createSerializer(UserEvent, { registry });
    const bad = { ...userEvent(), geo: { lat: "north", lon: 1 }, tags: ["ok", 5], count: 1.5, userId: undefined };
    const error = await failure(serializer.serialize("user-events", bad as unknown as UserEvent));
    expect(error).toMatchObject({
      topic: "user-events",
      subject: "user-events-value",
      recordName: "com.example.UserEvent",
      schemaId: 1,
    });
    expect(error.invalidFields).toEqual([
      { path: ["userId"], expected: "string", actual: "undefined" },
      { path: ["tags", "1"], expected: "string", actual: "number" },
      { path: ["geo", "lat"], expected: "double", actual: "string" },
      { path: ["count"], expected: "int", actual: "number" },
    ]);
    expect(error.fieldPath).toEqual(["userId"]);
    expect(error.message).toContain(
      'serialize com.example.UserEvent for topic "user-events" (subject "user-events-value", schema id 1): ' +
        "4 invalid fields",
    );
  });

  // Encoding must fail on its own for any single wrong field: the serializer does not validate before
  // encoding (that would double the cost of every record), so a writer that wrote garbage would go unseen.
  it.each([
    ["userId", 1, "string", "number"],
    ["ts", "2026-01-01", "timestamp-millis", "string"],
    ["ts", new Date(Number.NaN), "timestamp-millis", "Date"],
    ["eventType", "JUMP", "com.example.EventType", "string"],
    ["sessionId", 5, "null | string", "number"],
    ["amount", "1.5", "double", "string"],
    ["flag", 1, "boolean", "number"],
    ["tags", "a,b", "array", "string"],
    ["counters", [1], "map", "array"],
    ["geo", null, "com.example.Geo", "null"],
    ["lastGeo", "here", "null | com.example.Geo", "string"],
    ["count", 2 ** 31, "int", "number"],
    ["payload", "0102", "bytes", "string"],
  ] as const)("reports %s = %j alone", async (field, value, expected, actual) => {
    const serializer = createSerializer(UserEvent, { registry });
    const error = await failure(serializer.serialize("t", { ...userEvent(), [field]: value } as unknown as UserEvent));
    expect(error.invalidFields).toEqual([{ path: [field], expected, actual }]);
  });

  it("rejects a long outside the safe-integer range instead of losing precision", async () => {
    const error = await failure(
      createSerializer(UserEvent, { registry }).serialize("t", userEvent({ counters: { fine: 1, huge: 2 ** 53 + 2 } })),
    );
    expect(error.invalidFields).toEqual([
      { path: ["counters", "huge"], expected: "long", actual: "number (unsafe integer)" },
    ]);
  });
});

describe("AvroSerializer: which schema id", () => {
  it.each([
    ["record", false, "com.example.UserEvent"],
    ["topic-record", false, "orders-com.example.UserEvent"],
    ["topic", true, "orders-key"],
  ] as const)("names the subject with the %s strategy (key: %s)", async (subjectNameStrategy, isKey, subject) => {
    await createSerializer(UserEvent, { registry, subjectNameStrategy, isKey }).prepare("orders");
    expect(await registry.getSubjects()).toEqual([subject]);
  });

  it("names the subject with a custom function", async () => {
    const subjectNameStrategy = (topic: string, isKey: boolean, name: string) => `${name}@${topic}:${isKey}`;
    const prepared = await createSerializer(UserEvent, { registry, subjectNameStrategy }).prepare("orders");
    expect(prepared.subject).toBe("com.example.UserEvent@orders:false");
  });

  it("prepares each topic once, and topics independently", async () => {
    const serializer = createSerializer(UserEvent, { registry });
    await Promise.all([serializer.prepare("a"), serializer.prepare("b"), serializer.prepare("a")]);
    await serializer.prepare("a");
    expect(registry.calls["register"]).toBe(2);
    expect(await registry.getSubjects()).toEqual(["a-value", "b-value"]);
  });

  it("looks the schema up instead of registering when autoRegister is false", async () => {
    const serializer = createSerializer(UserEvent, { registry, autoRegister: false });
    await expect(serializer.prepare("t")).rejects.toMatchObject({ registryErrorCode: 40401 });
    await registry.register("t-value", { schema: UserEvent.schema });
    await expect(serializer.prepare("t")).resolves.toMatchObject({ schemaId: 1 });
    expect(registry.calls["register"]).toBe(1);
  });

  it("writes with a pinned schema id after checking once that it exists", async () => {
    const id = await registry.register("elsewhere", { schema: UserEvent.schema });
    const serializer = createSerializer(UserEvent, { registry, schemaId: id });
    const bytes = await serializer.serialize("t", userEvent());
    await serializer.prepare("another-topic");
    expect(bytes.readInt32BE(1)).toBe(id);
    expect(registry.calls["getById"]).toBe(1);
    expect(registry.calls["register"]).toBe(1);
    await expect(createSerializer(UserEvent, { registry, schemaId: 99 }).prepare("t")).rejects.toThrow(
      RegistryRejectedError,
    );
  });

  it("writes a pinned id's records with that id's schema, not the local one", async () => {
    const local = uniqueRecord("Pinned", [{ name: "id", type: "string" }]);
    const stored = { ...local, fields: [...local.fields, { name: "tier", type: "string", default: "basic" }] };
    const id = await registry.register("elsewhere", { schema: JSON.stringify(stored) });
    const Local = defineAvroRecord<{ id: string }>({ schema: local });
    const bytes = await createSerializer(Local, { registry, schemaId: id }).serialize("t", { id: "a" });
    // "a" then the stored schema's default "basic": the bytes match the id they are labelled with.
    expect(bytes.subarray(5).toString("hex")).toBe(`0261${"0a"}${Buffer.from("basic").toString("hex")}`);
  });

  it("refuses a pinned id or latest version that is not an Avro schema", async () => {
    const id = await registry.register("t-value", {
      schema: 'syntax = "proto3"; message M {}',
      schemaType: "PROTOBUF",
    });
    await expect(createSerializer(UserEvent, { registry, schemaId: id }).prepare("t")).rejects.toThrow(
      /invalid option "schemaId": expected the id of an Avro schema, got "PROTOBUF schema id 1"/,
    );
    await expect(createSerializer(UserEvent, { registry, useLatest: true }).prepare("t")).rejects.toThrow(ConfigError);
  });
});

const V1 = uniqueRecord("Account", [
  { name: "id", type: "string" },
  { name: "legacy", type: "int" },
]);
const V2 = {
  ...V1,
  fields: [
    { name: "id", type: "string" },
    { name: "tier", type: "string", default: "basic" },
  ],
};

describe("AvroSerializer: useLatest", () => {
  it("writes with the latest version's id and schema", async () => {
    await registry.register("accounts-value", { schema: JSON.stringify(V2) });
    const AccountV2 = defineAvroRecord<{ id: string; tier: string }>({ schema: V2 });
    const serializer = createSerializer(AccountV2, { registry, useLatest: true, latestCompatibilityStrict: true });
    expect((await serializer.serialize("accounts", { id: "a", tier: "gold" })).readInt32BE(1)).toBe(1);
    expect(registry.calls["register"]).toBe(1);
  });

  it("strict: accepts a local schema the latest can read, refuses one it cannot", async () => {
    await registry.register("accounts-value", { schema: JSON.stringify(V2) });
    // v2 reads v1's records (legacy dropped, tier defaulted), as Java's latest.compatibility.strict asks.
    const AccountV1 = defineAvroRecord<{ id: string; legacy: number }>({ schema: V1 });
    const bytes = await createSerializer(AccountV1, {
      registry,
      useLatest: true,
      latestCompatibilityStrict: true,
    }).serialize("accounts", { id: "a", legacy: 1 });
    expect(bytes.readInt32BE(1)).toBe(1);

    // v2 cannot read what v3 writes: "id" changed from string to int.
    const AccountV3 = defineAvroRecord<{ id: number }>({ schema: { ...V2, fields: [{ name: "id", type: "int" }] } });
    await expect(
      createSerializer(AccountV3, { registry, useLatest: true, latestCompatibilityStrict: true }).prepare("accounts"),
    ).rejects.toThrow(
      /latestCompatibilityStrict.*subject "accounts-value" version 1 able to read what the local schema/,
    );
    // The error lists the incompatibilities as `schemakit check` reports them (Avro's type and location).
    await expect(
      createSerializer(AccountV3, { registry, useLatest: true, latestCompatibilityStrict: true }).prepare("accounts"),
    ).rejects.toThrow(/it cannot: TYPE_MISMATCH at \/fields\/0\/type: .*got "1 incompatibility"$/);
    // Names compare without namespace, as in Java: the same record in another namespace is accepted.
    const Moved = defineAvroRecord<{ id: string; tier: string }>({ schema: { ...V2, namespace: "com.elsewhere" } });
    const moved = createSerializer(Moved, { registry, useLatest: true, latestCompatibilityStrict: true });
    expect((await moved.prepare("accounts")).schemaId).toBe(1);
  });
});

describe("AvroSerializer: references", () => {
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
    expect((await registry.getVersion("com.example.Address", "latest")).references).toEqual([]);
    expect(await createDeserializer(Customer, { registry }).deserialize("customers", bytes)).toEqual(value);
  });

  it("only looks references up when autoRegister is false", async () => {
    await createSerializer(Customer, { registry }).prepare("customers");
    const registered = registry.calls["register"];
    await expect(
      createSerializer(Customer, { registry, autoRegister: false }).prepare("customers"),
    ).resolves.toMatchObject({
      subject: "customers-value",
    });
    expect(registry.calls["register"]).toBe(registered);
  });
});

describe("AvroSerializer scratch buffer", () => {
  it("lets go of the scratch buffer an oversized record needed, and keeps serializing", async () => {
    const registry = new InMemoryRegistry();
    const serializer = createSerializer(User, { registry });
    const big = new User({ id: "big", name: "x".repeat(20 << 20), legacyScore: 1 });
    const bytes = await serializer.serialize("users", big);
    expect(bytes.length).toBeGreaterThan(20 << 20);
    expect(serializer.scratchBytes).toBeLessThanOrEqual(1 << 20);
    const small = await serializer.serialize("users", new User({ id: "s", name: "n", legacyScore: 1 }));
    expect(await createDeserializer(User, { registry }).deserialize("users", small)).toEqual(
      new User({ id: "s", name: "n", legacyScore: 1 }),
    );
  });
});
