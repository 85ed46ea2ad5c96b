import avsc from "avsc";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SchemaNotPreparedError, WireFormatError } from "../../../../src/errors/index.js";
import { defineAvroRecord } from "../../../../src/runtime/v1/index.js";
import { createDeserializer, createSerializer } from "../../../../src/serde/index.js";
import { InMemoryRegistry } from "../../../support/in-memory-registry.js";
import { UserEvent, uniqueRecord, userEvent } from "./user-event-fixture.js";

let registry: InMemoryRegistry;

beforeEach(() => {
  registry = new InMemoryRegistry();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function framed(schemaId: number, bodyHex: string): Buffer {
  return Buffer.from(`00${schemaId.toString(16).padStart(8, "0")}${bodyHex}`, "hex");
}

describe("AvroDeserializer", () => {
  it("round-trips every field of the 12-field record", async () => {
    const value = userEvent({ sessionId: "s-9", lastGeo: null, tags: [], counters: {} });
    const bytes = await createSerializer(UserEvent, { registry }).serialize("t", value);
    expect(await createDeserializer(UserEvent, { registry }).deserialize("t", bytes)).toEqual(value);
  });

  it("builds the record with the type's create()", async () => {
    class Named {
      constructor(readonly name: string) {}
    }
    const Type = defineAvroRecord<Named, { name: string }>({
      schema: uniqueRecord("Named", [{ name: "name", type: "string" }]),
      create: (init) => new Named(init.name),
    });
    const id = await registry.register("t-value", { schema: Type.schema });
    const back = await createDeserializer(Type, { registry }).deserialize("t", framed(id, "06616461"));
    expect(back).toBeInstanceOf(Named);
    expect(back.name).toBe("ada");
  });

  it("fetches an unseen writer id once, shared by concurrent records, then decodes synchronously", async () => {
    const bytes = await createSerializer(UserEvent, { registry }).serialize("t", userEvent());
    const deserializer = createDeserializer(UserEvent, { registry });
    expect(() => deserializer.deserializeSync("t", bytes)).toThrow(SchemaNotPreparedError);
    await Promise.all([...Array(100).keys()].map(() => deserializer.deserialize("t", bytes)));
    expect(registry.calls["getById"]).toBe(1);
    expect(deserializer.deserializeSync("t", bytes)).toEqual(userEvent());
    expect(registry.calls["getById"]).toBe(1);
  });

  it("refuses bytes that are not Confluent framing, truncated payloads and bytes after the payload", async () => {
    const bytes = await createSerializer(UserEvent, { registry }).serialize("t", userEvent());
    const deserializer = createDeserializer(UserEvent, { registry });
    await expect(deserializer.deserialize("t", Buffer.from("0100", "hex"))).rejects.toThrow(WireFormatError);
    await expect(deserializer.deserialize("t", bytes.subarray(0, bytes.length - 1))).rejects.toThrow(
      /truncated Avro payload/,
    );
    await expect(deserializer.deserialize("t", Buffer.concat([bytes, Buffer.from([0])]))).rejects.toThrow(
      /schema id 1: 1 bytes after the Avro payload/,
    );
  });

  it("refuses a writer id that is not an Avro schema", async () => {
    const id = await registry.register("t-value", {
      schema: 'syntax = "proto3"; message M {}',
      schemaType: "PROTOBUF",
    });
    await expect(createDeserializer(UserEvent, { registry }).deserialize("t", framed(id, "00"))).rejects.toThrow(
      /schema id 1 is a PROTOBUF schema, not Avro/,
    );
  });
});

describe("AvroDeserializer: schema evolution", () => {
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
  const AccountV1 = defineAvroRecord<{ id: string; legacy: number }>({ schema: V1 });
  const AccountV2 = defineAvroRecord<{ id: string; tier: string }>({ schema: V2 });

  it("reads a v1 record into the v2 type: removed field dropped, new field defaulted", async () => {
    const written = await createSerializer(AccountV1, { registry }).serialize("accounts", { id: "a1", legacy: 3 });
    const deserializer = createDeserializer(AccountV2, { registry });
    expect(await deserializer.deserialize("accounts", written)).toEqual({ id: "a1", tier: "basic" });
    expect(await deserializer.deserialize("accounts", written)).toEqual({ id: "a1", tier: "basic" });
    expect(registry.calls["getById"]).toBe(1);
  });

  it("reads a v2 record into the v1 type when v1's missing field has a default", async () => {
    const V1WithDefault = {
      ...V1,
      fields: [
        { name: "id", type: "string" },
        { name: "legacy", type: "int", default: 0 },
      ],
    };
    const Reader = defineAvroRecord<{ id: string; legacy: number }>({ schema: V1WithDefault });
    const written = await createSerializer(AccountV2, { registry }).serialize("accounts", { id: "a2", tier: "gold" });
    expect(await createDeserializer(Reader, { registry }).deserialize("accounts", written)).toEqual({
      id: "a2",
      legacy: 0,
    });
  });

  it("refuses a writer the reader cannot read, naming the id and the type", async () => {
    const written = await createSerializer(AccountV2, { registry }).serialize("accounts", { id: "a2", tier: "gold" });
    // v1 needs "legacy", which v2 records lack and v1 gives no default for.
    await expect(createDeserializer(AccountV1, { registry }).deserialize("accounts", written)).rejects.toThrow(
      new RegExp(`schema id 1 cannot be read as ${V1.namespace}.${V1.name}`),
    );
  });

  it("builds one resolver per (reader, writer) pair, shared by every deserializer", async () => {
    const Writer = defineAvroRecord<{ a: string }>({ schema: uniqueRecord("Shared", [{ name: "a", type: "string" }]) });
    const readerSchema = JSON.parse(Writer.schema) as { fields: object[] };
    const Reader = defineAvroRecord<{ a: string; b: number }>({
      schema: { ...readerSchema, fields: [...readerSchema.fields, { name: "b", type: "int", default: 7 }] },
    });
    const written = await createSerializer(Writer, { registry }).serialize("t", { a: "x" });
    const createResolver = vi.spyOn(avsc.Type.prototype, "createResolver");
    expect(await createDeserializer(Reader, { registry }).deserialize("t", written)).toEqual({ a: "x", b: 7 });
    // avsc builds a record's resolver field by field (one call each, recursively).
    const callsForOnePair = createResolver.mock.calls.length;
    expect(callsForOnePair).toBeGreaterThan(0);
    for (let i = 0; i < 2; i += 1) {
      expect(await createDeserializer(Reader, { registry }).deserialize("t", written)).toEqual({ a: "x", b: 7 });
    }
    expect(createResolver).toHaveBeenCalledTimes(callsForOnePair);
    // Each deserializer asks for the id (ids belong to a registry); the SchemaRegistry client caches them.
    expect(registry.calls["getById"]).toBe(3);
  });

  it("needs no resolver when the writer schema is the reader's", async () => {
    const Same = defineAvroRecord<{ a: string }>({ schema: uniqueRecord("Same", [{ name: "a", type: "string" }]) });
    const written = await createSerializer(Same, { registry }).serialize("t", { a: "x" });
    const createResolver = vi.spyOn(avsc.Type.prototype, "createResolver");
    expect(await createDeserializer(Same, { registry }).deserialize("t", written)).toEqual({ a: "x" });
    expect(createResolver).not.toHaveBeenCalled();
  });
});
