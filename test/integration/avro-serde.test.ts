import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, SerializationError } from "../../src/errors/index.js";
import { SchemaRegistry } from "../../src/registry/index.js";
import { defineAvroRecord, type AnyAvroRecordDesc } from "../../src/schema/index.js";
import { createDeserializer, createSerializer } from "../../src/serde/index.js";
import { requireServices, uniqueName } from "../support/services.js";

// The Avro serializer and deserializer against the real registry.

const services = requireServices();
let shared: SchemaRegistry | undefined;

function registry(): SchemaRegistry {
  shared ??= new SchemaRegistry({ url: services().schemaRegistryUrl });
  return shared;
}

afterAll(async () => {
  await shared?.close();
});

const USER_EVENT_SCHEMA = JSON.parse(
  readFileSync(new URL("../../schemas/examples/user-event.avsc", import.meta.url), "utf8"),
) as Record<string, unknown>;

/** A record type under a name no other run used (the registry outlives test runs). */
function uniqueRecord<T>(
  base: string,
  fields: readonly object[],
  extra: { references?: () => readonly AnyAvroRecordDesc[] } = {},
) {
  const name = `${base}${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  return defineAvroRecord<T>({ schema: { type: "record", name, namespace: "com.example.serde", fields }, ...extra });
}

describe("Avro serde against a real registry", () => {
  it("round-trips the 12-field UserEvent", async () => {
    const UserEvent = defineAvroRecord<Record<string, unknown>>({ schema: USER_EVENT_SCHEMA });
    const topic = uniqueName("serde-user-events");
    const value = {
      userId: "u-42",
      ts: new Date("2026-11-22T10:00:00.123Z"),
      eventType: "PURCHASE",
      sessionId: "s-1",
      amount: 99.95,
      flag: false,
      tags: ["new", "mobile"],
      counters: { clicks: 12, views: 2 ** 45 },
      geo: { lat: 48.1, lon: 11.6 },
      lastGeo: null,
      count: -3,
      payload: Buffer.from("cafe", "hex"),
    };
    const bytes = await createSerializer(UserEvent, { registry: registry() }).serialize(topic, value);
    const subjectVersion = await registry().getVersion(`${topic}-value`, "latest");
    expect(bytes.readInt32BE(1)).toBe(subjectVersion.id);
    expect(await createDeserializer(UserEvent, { registry: registry() }).deserialize(topic, bytes)).toEqual(value);
  });

  it.each([
    ["topic", (topic: string, name: string) => [`${topic}-value`, name]],
    ["record", (_topic: string, name: string) => [name, name]],
    ["topic-record", (topic: string, name: string) => [`${topic}-${name}`, name]],
  ] as const)("registers under the %s strategy's subject", async (strategy, expected) => {
    const Type = uniqueRecord<{ id: string }>("Strategy", [{ name: "id", type: "string" }]);
    const topic = uniqueName("serde-strategy");
    const prepared = await createSerializer(Type, { registry: registry(), subjectNameStrategy: strategy }).prepare(
      topic,
    );
    const [subject] = expected(topic, Type.name);
    expect(prepared.subject).toBe(subject);
    expect((await registry().getVersion(subject as string, "latest")).id).toBe(prepared.schemaId);
  });

  it("registers a referenced type under its own subject and reads records through the reference", async () => {
    const Address = uniqueRecord<{ street: string }>("Address", [{ name: "street", type: "string" }]);
    const Customer = uniqueRecord<{ name: string; home: { street: string } }>(
      "Customer",
      [
        { name: "name", type: "string" },
        { name: "home", type: Address.name },
      ],
      { references: () => [Address] },
    );
    const topic = uniqueName("serde-customers");
    const value = { name: "Ada", home: { street: "Main St" } };
    const bytes = await createSerializer(Customer, { registry: registry() }).serialize(topic, value);
    const stored = await registry().getById(bytes.readInt32BE(1));
    expect(stored.references).toEqual([{ name: Address.name, subject: Address.name, version: 1 }]);
    // A fresh client and deserializer: the writer schema and its reference come from the registry.
    const fresh = new SchemaRegistry({ url: services().schemaRegistryUrl });
    expect(await createDeserializer(Customer, { registry: fresh }).deserialize(topic, bytes)).toEqual(value);
    await fresh.close();
  });

  it("reads records written with v1 into v2 after the subject evolved", async () => {
    const name = `Account${Date.now()}`;
    const v1 = defineAvroRecord<{ id: string; legacy: number }>({
      schema: {
        type: "record",
        name,
        namespace: "com.example.serde",
        fields: [
          { name: "id", type: "string" },
          { name: "legacy", type: "int", default: 0 },
        ],
      },
    });
    const v2 = defineAvroRecord<{ id: string; tier: string }>({
      schema: {
        type: "record",
        name,
        namespace: "com.example.serde",
        fields: [
          { name: "id", type: "string" },
          { name: "tier", type: "string", default: "basic" },
        ],
      },
    });
    const topic = uniqueName("serde-accounts");
    const oldBytes = await createSerializer(v1, { registry: registry() }).serialize(topic, { id: "a1", legacy: 7 });
    const newBytes = await createSerializer(v2, { registry: registry() }).serialize(topic, { id: "a2", tier: "gold" });
    expect(await registry().getVersions(`${topic}-value`)).toEqual([1, 2]);
    const reader = createDeserializer(v2, { registry: registry() });
    expect(await reader.deserialize(topic, oldBytes)).toEqual({ id: "a1", tier: "basic" });
    expect(await reader.deserialize(topic, newBytes)).toEqual({ id: "a2", tier: "gold" });
  });

  it("writes with the latest version, and the strict check refuses a local schema the latest cannot read", async () => {
    const name = `Latest${Date.now()}`;
    const fields = [{ name: "id", type: "string" }];
    const Latest = defineAvroRecord<{ id: string }>({
      schema: { type: "record", name, namespace: "com.example.serde", fields },
    });
    const topic = uniqueName("serde-latest");
    const id = await registry().register(`${topic}-value`, { schema: Latest.schema });
    const bytes = await createSerializer(Latest, {
      registry: registry(),
      useLatest: true,
      latestCompatibilityStrict: true,
    }).serialize(topic, { id: "x" });
    expect(bytes.readInt32BE(1)).toBe(id);

    const Changed = defineAvroRecord<{ id: number }>({
      schema: { type: "record", name, namespace: "com.example.serde", fields: [{ name: "id", type: "long" }] },
    });
    await expect(
      createSerializer(Changed, { registry: registry(), useLatest: true, latestCompatibilityStrict: true }).prepare(
        topic,
      ),
    ).rejects.toBeInstanceOf(ConfigError);
  });

  it("writes with a pinned schema id", async () => {
    const Type = uniqueRecord<{ id: string }>("Pinned", [{ name: "id", type: "string" }]);
    const id = await registry().register(uniqueName("serde-pinned-source"), { schema: Type.schema });
    const bytes = await createSerializer(Type, { registry: registry(), schemaId: id }).serialize(
      uniqueName("serde-pinned"),
      { id: "p" },
    );
    expect(bytes.readInt32BE(1)).toBe(id);
  });

  it("writes a pinned id's records with the schema stored under that id", async () => {
    const fields = [{ name: "id", type: "string" }];
    const Local = uniqueRecord<{ id: string }>("PinnedEvolved", fields);
    const stored = {
      ...(JSON.parse(Local.schema) as object),
      fields: [...fields, { name: "tier", type: "string", default: "basic" }],
    };
    const Stored = defineAvroRecord<{ id: string; tier: string }>({ schema: stored });
    const id = await registry().register(uniqueName("serde-pinned-evolved"), { schema: Stored.schema });
    const bytes = await createSerializer(Local, { registry: registry(), schemaId: id }).serialize(
      uniqueName("serde-pinned"),
      { id: "p" },
    );
    expect(bytes.readInt32BE(1)).toBe(id);
    // The bytes are what the id's schema says: a reader of that schema sees its default.
    expect(await createDeserializer(Stored, { registry: registry() }).deserialize("t", bytes)).toEqual({
      id: "p",
      tier: "basic",
    });
  });

  it("looks the schema up without registering when autoRegister is false", async () => {
    const Type = uniqueRecord<{ id: string }>("Lookup", [{ name: "id", type: "string" }]);
    const topic = uniqueName("serde-lookup");
    const serializer = createSerializer(Type, { registry: registry(), autoRegister: false });
    await expect(serializer.prepare(topic)).rejects.toMatchObject({ status: 404 });
    const id = await registry().register(`${topic}-value`, { schema: Type.schema });
    await expect(serializer.prepare(topic)).resolves.toEqual({ topic, subject: `${topic}-value`, schemaId: id });
  });

  it("keeps logical types through the registry: timestamp-millis, decimal, uuid", async () => {
    const Type = uniqueRecord<{ at: Date; price: string; ref: string }>("Logical", [
      { name: "at", type: { type: "long", logicalType: "timestamp-millis" } },
      { name: "price", type: { type: "bytes", logicalType: "decimal", precision: 12, scale: 2 } },
      { name: "ref", type: { type: "string", logicalType: "uuid" } },
    ]);
    const topic = uniqueName("serde-logical");
    const value = {
      at: new Date("2026-11-22T10:00:00.123Z"),
      price: "-1234567890.05",
      ref: "123e4567-e89b-12d3-a456-426614174000",
    };
    const bytes = await createSerializer(Type, { registry: registry() }).serialize(topic, value);
    // A fresh client: the writer schema is the registry's stored text, parsed again.
    const fresh = new SchemaRegistry({ url: services().schemaRegistryUrl });
    expect(await createDeserializer(Type, { registry: fresh }).deserialize(topic, bytes)).toEqual(value);
    await fresh.close();
  });

  it("names topic, subject, schema id and every invalid field when a value does not match", async () => {
    const Type = uniqueRecord<{ id: string; n: number }>("Invalid", [
      { name: "id", type: "string" },
      { name: "n", type: "long" },
    ]);
    const topic = uniqueName("serde-invalid");
    const serializer = createSerializer(Type, { registry: registry() });
    const { schemaId } = await serializer.prepare(topic);
    const error = await serializer
      .serialize(topic, { id: 1, n: "two" } as unknown as { id: string; n: number })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SerializationError);
    expect(error).toMatchObject({
      topic,
      subject: `${topic}-value`,
      schemaId,
      invalidFields: [
        { path: ["id"], expected: "string", actual: "number" },
        { path: ["n"], expected: "long", actual: "string" },
      ],
    });
  });
});
