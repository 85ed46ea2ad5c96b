import { describe, expect, it } from "vitest";
import { defineAvroRecord } from "../../../../src/runtime/v1/index.js";
import {
  avroTypeOf,
  compiledType,
  referencesInOrder,
  resolverFor,
} from "../../../../src/serde/avro/avro-type-cache.js";
import { uniqueRecord } from "./user-event-fixture.js";

describe("avro type cache", () => {
  it("compiles one Type per schema text and long mode", () => {
    const schema = JSON.stringify(uniqueRecord("Cached", [{ name: "n", type: "long" }]));
    expect(compiledType([schema], "number")).toBe(compiledType([schema], "number"));
    expect(compiledType([schema], "bigint")).not.toBe(compiledType([schema], "number"));
  });

  it("compiles a descriptor once, and reads a registry's copy of the same text without a resolver", () => {
    const Type = defineAvroRecord({ schema: uniqueRecord("Local", [{ name: "a", type: "string" }]) });
    expect(avroTypeOf(Type)).toBe(avroTypeOf(Type));
    expect(resolverFor(avroTypeOf(Type), compiledType([Type.schema], "number"))).toBeUndefined();
  });

  it("keeps a timestamp-millis long and a plain long apart, though their canonical forms are equal", () => {
    const plain = uniqueRecord("Time", [{ name: "at", type: "long" }]);
    const dated = { ...plain, fields: [{ name: "at", type: { type: "long", logicalType: "timestamp-millis" } }] };
    const plainType = compiledType([JSON.stringify(plain)], "number");
    const datedType = compiledType([JSON.stringify(dated)], "number");
    expect(datedType.isValid({ at: new Date(0) })).toBe(true);
    expect(plainType.isValid({ at: new Date(0) })).toBe(false);
  });

  it("builds a resolver once per (reader, writer) pair, none for the same schema", () => {
    const writerSchema = uniqueRecord("Evolving", [{ name: "a", type: "string" }]);
    const readerSchema = { ...writerSchema, fields: [...writerSchema.fields, { name: "b", type: "int", default: 1 }] };
    const writer = compiledType([JSON.stringify(writerSchema)], "number");
    const reader = compiledType([JSON.stringify(readerSchema)], "number");
    const resolver = resolverFor(reader, writer);
    expect(resolver).toBeDefined();
    expect(resolverFor(reader, writer)).toBe(resolver);
    expect(resolverFor(reader, reader)).toBeUndefined();
    // Another text of the same schema (whitespace) is another Type but needs no resolver either.
    expect(resolverFor(reader, compiledType([JSON.stringify(readerSchema, null, 2)], "number"))).toBeUndefined();
  });

  it("orders references before their users, each once", () => {
    const Leaf = defineAvroRecord({ schema: uniqueRecord("Leaf", [{ name: "a", type: "int" }]) });
    const Left = defineAvroRecord({
      schema: uniqueRecord("Left", [{ name: "l", type: Leaf.name }]),
      references: () => [Leaf],
    });
    const Right = defineAvroRecord({
      schema: uniqueRecord("Right", [{ name: "r", type: Leaf.name }]),
      references: () => [Leaf],
    });
    const Root = defineAvroRecord({
      schema: uniqueRecord("Root", [
        { name: "left", type: Left.name },
        { name: "right", type: Right.name },
      ]),
      references: () => [Left, Right],
    });
    expect(referencesInOrder(Root).map((type) => type.name)).toEqual([Leaf.name, Left.name, Right.name]);
    expect(avroTypeOf(Root).isValid({ left: { l: { a: 1 } }, right: { r: { a: 2 } } })).toBe(true);
  });
});
