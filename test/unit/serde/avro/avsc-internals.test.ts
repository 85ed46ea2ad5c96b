import avsc from "avsc";
import { describe, expect, it } from "vitest";
import {
  StructuralLogicalType,
  checkValue,
  constructLogicalType,
  decodeWith,
  logicalTypeInstance,
  readValue,
  skipValue,
  wrapBranchValue,
  wrappedUnionType,
  unwrappedUnionType,
  writeValue,
  type AvroTap,
} from "../../../../src/serde/avro/avsc-internals.js";
import { BoundedTap, decodeBounded } from "../../../../src/serde/avro/bounded-tap.js";
import { boundedArrayType, boundedMapType } from "../../../../src/serde/avro/types/bounded-collection-types.js";

// The contract between schemakit and avsc's private API: every member avsc-internals.ts relies on, checked
// on the installed avsc for existence, arity and behaviour. A failure here means an avsc release changed
// one: the adapter (and only the adapter) must be revisited before the upgrade.

const NO_OPTIONS = {} as avsc.ForSchemaOptions;

const REVISIT = "avsc upgrade: revisit serde/avro/avsc-internals.ts";

function contract(member: string, check: () => void): void {
  it(member, () => {
    try {
      check();
    } catch (error) {
      throw new Error(`${REVISIT} (${member}): ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  });
}

function assert(condition: boolean, detail: string): void {
  if (!condition) throw new Error(detail);
}

// avsc's own tap class, reached the only way it can be: through the tap a decode hands to a type.
function avscTapClass(): new (buf: Buffer, pos?: number) => AvroTap & Record<string, unknown> {
  const prototype = avsc.types.IntType.prototype as unknown as { _read(tap: object): unknown };
  const original = prototype._read;
  let captured: object | undefined;
  prototype._read = function (this: unknown, tap: object): unknown {
    captured = tap;
    return original.call(this, tap);
  };
  try {
    avsc.Type.forSchema("int").fromBuffer(Buffer.from([2]));
  } finally {
    prototype._read = original;
  }
  if (captured === undefined) throw new Error("IntType#_read was not called by fromBuffer");
  return captured.constructor as new (
    buf: Buffer,
    pos?: number,
  ) => AvroTap & Record<string, unknown>;
}

const ALL_KINDS = {
  type: "record",
  name: "AllKinds",
  namespace: "com.example.contract",
  fields: [
    { name: "n", type: "null" },
    { name: "b", type: "boolean" },
    { name: "i", type: "int" },
    { name: "l", type: "long" },
    { name: "f", type: "float" },
    { name: "d", type: "double" },
    { name: "by", type: "bytes" },
    { name: "s", type: "string" },
    { name: "fx", type: { type: "fixed", name: "F2", size: 2 } },
    { name: "e", type: { type: "enum", name: "E", symbols: ["A", "B"] } },
    { name: "a", type: { type: "array", items: "int" } },
    { name: "m", type: { type: "map", values: "string" } },
    { name: "u", type: ["null", "string"] },
  ],
};

const ALL_KINDS_VALUE = {
  n: null,
  b: true,
  i: -7,
  l: 2 ** 40,
  f: 1.5,
  d: -2.25,
  by: Buffer.from([1, 2, 3]),
  s: "héllo",
  fx: Buffer.from([9, 8]),
  e: "B",
  a: [1, 2, 3],
  m: { k: "v" },
  u: "x",
};

describe("avsc private API relied on by serde/avro/avsc-internals.ts", () => {
  contract("Tap: every read and skip method avsc's tap has, BoundedTap has", () => {
    const Tap = avscTapClass();
    const methods = Object.keys(Tap.prototype).filter((key) => /^(read|skip|unpack)/.test(key));
    assert(methods.length >= 17, `avsc's tap read/skip methods changed: ${methods.join(", ")}`);
    const missing = methods.filter(
      (key) => typeof (BoundedTap.prototype as unknown as Record<string, unknown>)[key] !== "function",
    );
    assert(missing.length === 0, `BoundedTap lacks ${missing.join(", ")}`);
  });

  contract("Type#_read/_write/_skip/_check: the codec of every kind of type", () => {
    const Tap = avscTapClass();
    const record = avsc.Type.forSchema(ALL_KINDS as avsc.Schema);
    for (const field of (record as avsc.types.RecordType).fields) {
      const codec = field.type as unknown as Record<string, unknown>;
      for (const [member, arity] of [
        ["_read", 1],
        ["_write", 2],
        ["_skip", 1],
      ] as const) {
        const fn = codec[member];
        // Types that ignore an argument may declare fewer (null reads nothing from the tap).
        assert(typeof fn === "function" && fn.length <= arity, `${field.type.typeName}#${member}(${arity} args)`);
      }
      assert(typeof codec["_check"] === "function", `${field.type.typeName}#_check`);
    }
    // Write with avsc's tap, read and skip with ours: same bytes and values as avsc's own toBuffer/fromBuffer.
    const tap = new Tap(Buffer.alloc(256));
    writeValue(record, tap, ALL_KINDS_VALUE);
    const bytes = Buffer.from(tap.buf.subarray(0, tap.pos));
    assert(bytes.equals(record.toBuffer(ALL_KINDS_VALUE)), "_write wrote other bytes than toBuffer");
    const read = new BoundedTap(bytes, 0);
    expect(readValue(record, read)).toEqual(record.fromBuffer(bytes));
    assert(read.pos === bytes.length, "_read did not consume the record");
    const skipped = new BoundedTap(bytes, 0);
    skipValue(record, skipped);
    assert(skipped.pos === bytes.length, "_skip did not pass the record");
  });

  contract("Type#_check(value, flags, hook, path): no flags picks, flags check fully and report with paths", () => {
    const record = avsc.Type.forSchema(ALL_KINDS as avsc.Schema);
    assert(checkValue(record, ALL_KINDS_VALUE), "a valid value refused");
    const reported: string[][] = [];
    const path: string[] = [];
    const valid = checkValue(
      record,
      { ...ALL_KINDS_VALUE, i: "x", a: [1, "y"] },
      0,
      () => reported.push([...path]),
      path,
    );
    assert(!valid, "an invalid value accepted");
    expect(reported).toEqual([["i"], ["a", "1"]]);
  });

  contract("LongType.prototype#_read/_write: exact below 2^52, 'potential precision loss' beyond 2^53", () => {
    const Tap = avscTapClass();
    const long = avsc.Type.forSchema("long");
    for (const n of [0, -1, 2 ** 40, -(2 ** 51)]) {
      const tap = new Tap(Buffer.alloc(16));
      writeValue(long, tap, n);
      assert(readValue(long, new BoundedTap(tap.buf.subarray(0, tap.pos), 0)) === n, `long ${n}`);
    }
    // 2^53 + 1 as a zig-zag varint.
    expect(() => readValue(long, new BoundedTap(Buffer.from("8280808080808020", "hex"), 0))).toThrow(
      /potential precision loss/,
    );
  });

  contract("LogicalType.prototype#_check: _toValue, then the underlying type's check; hook on undefined", () => {
    class Even extends StructuralLogicalType {
      protected override _fromValue(value: unknown): unknown {
        return value;
      }
      protected override _toValue(value: unknown): unknown {
        return typeof value === "number" && value % 2 === 0 ? value : undefined;
      }
      protected override _resolve(): undefined {
        return undefined;
      }
    }
    const even = constructLogicalType(
      logicalTypeInstance(Even.prototype, "even"),
      "even",
      () => avsc.Type.forSchema("int"),
      NO_OPTIONS,
    );
    assert(checkValue(even, 4, 0), "4 refused");
    const hooked: unknown[] = [];
    assert(!checkValue(even, 3, 0, (value) => hooked.push(value), []), "3 accepted");
    expect(hooked).toEqual([3]);
  });

  contract("LogicalType constructor on a prepared instance: typeHook re-entry and _logicalTypeName", () => {
    class Wrapper extends StructuralLogicalType {
      protected override _fromValue(value: unknown): unknown {
        return value;
      }
      protected override _toValue(value: unknown): unknown {
        return value;
      }
      protected override _resolve(): undefined {
        return undefined;
      }
    }
    const instance = logicalTypeInstance(Wrapper.prototype, "schemakit-test");
    assert(instance.typeName === "logical:schemakit-test", `typeName before construction: ${instance.typeName}`);
    const underlying = avsc.Type.forSchema({ type: "record", name: "U", fields: [{ name: "a", type: "int" }] });
    const made = constructLogicalType(instance, "schemakit-test", () => underlying, NO_OPTIONS);
    assert(made === instance && made.underlyingType === underlying, "the hook's Type is not the underlying type");
    // _deref/_attrs: exported as the plain underlying schema.
    expect(made.schema({ exportAttrs: true })).toEqual(underlying.schema({ exportAttrs: true }));
  });

  contract("typeHook: called for nested schemas, undefined falls back to avsc's parse", () => {
    const seen: unknown[] = [];
    const type = avsc.Type.forSchema(
      { type: "record", name: "H", fields: [{ name: "a", type: { type: "array", items: "int" } }] },
      {
        typeHook: (schema) => {
          seen.push(schema);
          return undefined;
        },
      },
    );
    assert(type.typeName === "record", "fallback parse");
    expect(seen).toContainEqual({ type: "array", items: "int" });
    expect(seen).toContain("int");
  });

  contract("Type#_update and Resolver#_read/_readerType: structural resolution through a logical type", () => {
    const v1 = { type: "record", name: "R", fields: [{ name: "a", type: "int" }] };
    const v2 = { ...v1, fields: [...v1.fields, { name: "b", type: "string", default: "d" }] };
    class Plain extends StructuralLogicalType {
      protected override _fromValue(value: unknown): unknown {
        return { ...(value as object), converted: true };
      }
      protected override _toValue(value: unknown): unknown {
        return value;
      }
      protected override _resolve(): undefined {
        return undefined;
      }
    }
    const reader = constructLogicalType(
      logicalTypeInstance(Plain.prototype, "plain"),
      "plain",
      (o) => avsc.Type.forSchema(v2 as avsc.Schema, o),
      NO_OPTIONS,
    );
    const writer = avsc.Type.forSchema(v1 as avsc.Schema);
    const resolver = reader.createResolver(writer);
    assert(Object.isFrozen(resolver), "resolvers are no longer frozen after _update");
    const bytes = writer.toBuffer({ a: 5 });
    expect(decodeWith(reader, new BoundedTap(bytes, 0), resolver)).toEqual({ a: 5, b: "d", converted: true });
    expect(() => decodeWith(writer, new BoundedTap(bytes, 0), resolver)).toThrow(/invalid resolver/);
  });

  contract("record Resolver#_read(tap) without the lazy flag skips the writer's trailing fields", () => {
    const reader = avsc.Type.forSchema({ type: "record", name: "T", fields: [{ name: "a", type: "int" }] });
    const writer = avsc.Type.forSchema({
      type: "record",
      name: "T",
      fields: [
        { name: "a", type: "int" },
        { name: "z", type: "string" },
      ],
    });
    const bytes = writer.toBuffer({ a: 1, z: "zz" });
    const decoded = decodeBounded(reader, bytes, 0, reader.createResolver(writer));
    expect(decoded).toEqual({ value: { a: 1 }, offset: bytes.length });
  });

  contract("Type#_branchConstructor: { name: value } wrappers, null for the null branch", () => {
    const union = avsc.Type.forSchema(["null", "string", { type: "record", name: "X", fields: [] }], {
      wrapUnions: true,
    }) as avsc.types.WrappedUnionType;
    const [nullBranch, stringBranch] = union.types as [avsc.Type, avsc.Type];
    assert(wrapBranchValue(nullBranch, null) === null, "null branch");
    const wrapped = wrapBranchValue(stringBranch, "s") as { string: string; unwrap(): unknown };
    assert(wrapped.string === "s" && wrapped.unwrap() === "s", "string branch wrapper");
  });

  contract("WrappedUnionType / UnwrappedUnionType constructors take parsed branch Types", () => {
    const branches = [avsc.Type.forSchema("null"), avsc.Type.forSchema("int")];
    expect(unwrappedUnionType(branches, NO_OPTIONS).toBuffer(3)).toEqual(Buffer.from([2, 6]));
    expect(wrappedUnionType(branches, NO_OPTIONS).toBuffer({ int: 3 })).toEqual(Buffer.from([2, 6]));
  });

  contract("ArrayType / MapType constructors on a prepared instance, with _read/_skip/_update replaced", () => {
    const array = boundedArrayType({ type: "array", items: "int" }, NO_OPTIONS);
    const map = boundedMapType({ type: "map", values: "long" }, NO_OPTIONS);
    assert(array.typeName === "array" && map.typeName === "map", "typeName");
    assert(Object.isFrozen(array) && Object.isFrozen(map), "avsc no longer freezes constructed types");
    expect(array.schema()).toEqual({ type: "array", items: "int" });
    const bytes = array.toBuffer([1, 2]);
    expect(decodeBounded(array, bytes, 0, undefined)).toEqual({ value: [1, 2], offset: bytes.length });
    // Resolution (int items promoted to long) goes through the replaced _update.
    const longs = boundedArrayType({ type: "array", items: "long" }, NO_OPTIONS);
    const resolver = longs.createResolver(array);
    expect(decodeBounded(longs, bytes, 0, resolver)).toEqual({ value: [1, 2], offset: bytes.length });
    const mapBytes = map.toBuffer({ k: 4 });
    expect(decodeBounded(map, mapBytes, 0, undefined)).toEqual({ value: { k: 4 }, offset: mapBytes.length });
  });
});
