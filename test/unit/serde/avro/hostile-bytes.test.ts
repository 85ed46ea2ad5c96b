import { beforeEach, describe, expect, it } from "vitest";
import { WireFormatError } from "../../../../src/errors/index.js";
import { defineAvroRecord } from "../../../../src/runtime/v1/index.js";
import { createDeserializer } from "../../../../src/serde/index.js";
import { InMemoryRegistry } from "../../../support/in-memory-registry.js";

// Issue 13, item 2: every length and count read from untrusted bytes is checked against what remains.
// Each payload is hand-built from the Avro specification's binary encoding (zig-zag varints; blocks of
// `count` items, a negative count followed by the block's byte size; `0` ends an array or map).

let registry: InMemoryRegistry;

beforeEach(() => {
  registry = new InMemoryRegistry();
});

/** Hex of the zig-zag varint of `n` (any safe or bigint integer). */
function varint(n: number | bigint): string {
  const big = BigInt(n);
  let zigZag = big >= 0n ? big << 1n : (-big << 1n) - 1n;
  let hex = "";
  while (zigZag >= 0x80n) {
    hex += Number((zigZag & 0x7fn) | 0x80n)
      .toString(16)
      .padStart(2, "0");
    zigZag >>= 7n;
  }
  return hex + Number(zigZag).toString(16).padStart(2, "0");
}

let names = 0;
function recordOf(fields: readonly object[]): object {
  names += 1;
  return { type: "record", name: `Hostile${names}`, namespace: "com.example.hostile", fields };
}

async function read(writerFields: readonly object[], bodyHex: string, readerFields = writerFields): Promise<unknown> {
  const writer = recordOf(writerFields);
  const reader =
    writerFields === readerFields ? writer : { ...recordOf(readerFields), name: (writer as { name: string }).name };
  const id = await registry.register(`t${names}-value`, { schema: JSON.stringify(writer) });
  const bytes = Buffer.from(`00${id.toString(16).padStart(8, "0")}${bodyHex}`, "hex");
  return createDeserializer(defineAvroRecord<Record<string, unknown>>({ schema: reader }), { registry }).deserialize(
    `t${names}`,
    bytes,
  );
}

const INTS = [{ name: "a", type: { type: "array", items: "int" } }];
const NULLS = [{ name: "a", type: { type: "array", items: "null" } }];
const EMPTY_RECORDS = [{ name: "a", type: { type: "array", items: { type: "record", name: "Marker", fields: [] } } }];
const MAP = [{ name: "m", type: { type: "map", values: "int" } }];
const MAP_OF_NULLS = [{ name: "m", type: { type: "map", values: "null" } }];
const STRING = [{ name: "s", type: "string" }];
const BYTES = [{ name: "b", type: "bytes" }];
const FIXED = [{ name: "f", type: { type: "fixed", name: "F16", size: 16 } }];
const UNION = [{ name: "u", type: ["null", "string"] }];
const ENUM = [{ name: "e", type: { type: "enum", name: "E", symbols: ["A", "B"] } }];
const LONG = [{ name: "l", type: "long" }];
const INT = [{ name: "i", type: "int" }];
const DOUBLE = [{ name: "d", type: "double" }];

describe("hostile Avro bytes fail fast with WireFormatError", () => {
  it.each([
    [
      "an array count of 2^31 - 1 ints (22 bytes: aborted the process out of memory)",
      INTS,
      `${varint(2 ** 31 - 1)}0202020202020202020200`,
    ],
    ["a map count of 2^50 (spun the event loop forever)", MAP, `${varint(2 ** 50)}0261020262020263020264`],
    ["an array count of 2^50 nulls", NULLS, `${varint(2 ** 50)}00`],
    ["an array count of 2^31 - 1 nulls", NULLS, `${varint(2 ** 31 - 1)}00`],
    ["an array count of 2^40 empty records", EMPTY_RECORDS, `${varint(2 ** 40)}00`],
    ["a map count of 2^31 - 1 null values", MAP_OF_NULLS, `${varint(2 ** 31 - 1)}0000`],
    ["a negative block count with a byte size past the end", INTS, `${varint(-2)}${varint(2 ** 40)}020400`],
    ["a negative block count with a negative byte size", INTS, `${varint(-2)}${varint(-3)}020400`],
    ["a negative block count of 2^40 with a small byte size", INTS, `${varint(-(2 ** 40))}${varint(2)}020400`],
    ["a second block past the end", INTS, `${varint(1)}02${varint(2 ** 31 - 1)}0200`],
    ["a string length of 2^40", STRING, `${varint(2 ** 40)}61`],
    ["a negative string length", STRING, `${varint(-1)}61`],
    ["a bytes length past the end", BYTES, `${varint(5)}01020304`],
    ["a negative bytes length", BYTES, `${varint(-7)}`],
    ["a fixed(16) with 3 bytes", FIXED, "010203"],
    ["a union branch index past the branches", UNION, `${varint(7)}0261`],
    ["a negative union branch index", UNION, `${varint(-1)}0261`],
    ["a union branch index of 2^60", UNION, varint(2n ** 60n)],
    ["an enum index past the symbols", ENUM, varint(99)],
    ["a negative enum index", ENUM, varint(-1)],
    ["a varint of 11 bytes", LONG, "ffffffffffffffffffff01"],
    ["a varint of 11 bytes as a block count", INTS, "ffffffffffffffffffff0100"],
    ["a varint cut short", LONG, "ffff"],
    ["an int of 5 bytes beyond 32 bits", INT, "ffffffff7f"],
    ["a double cut short", DOUBLE, "000000"],
    ["no bytes at all for a string", STRING, ""],
  ])("%s", async (_name, fields, bodyHex) => {
    await expect(read(fields, bodyHex)).rejects.toThrow(WireFormatError);
  });

  it("refuses hostile counts in fields the reader skips (resolution from an older writer)", async () => {
    const writer = [{ name: "keep", type: "int" }, ...NULLS.map((field) => ({ ...field, name: "gone" }))];
    await expect(read(writer, `02${varint(2 ** 50)}00`, [{ name: "keep", type: "int" }])).rejects.toThrow(
      WireFormatError,
    );
    const negativeSize = [
      { name: "keep", type: "int" },
      { name: "gone", type: { type: "map", values: "int" } },
    ];
    await expect(
      read(negativeSize, `02${varint(-1)}${varint(-4)}0200`, [{ name: "keep", type: "int" }]),
    ).rejects.toThrow(WireFormatError);
  });

  it("reads what the bounds allow: up to 8 nulls per input byte, sized blocks, empty collections", async () => {
    // 7 framed bytes allow 56 nulls: 50 in one block is a valid record, 200 in 8 bytes is not.
    expect(await read(NULLS, `${varint(50)}00`)).toEqual({ a: new Array(50).fill(null) });
    expect(await read(INTS, `${varint(-2)}${varint(2)}020400`)).toEqual({ a: [1, 2] });
    expect(await read(MAP, `${varint(-1)}${varint(3)}02617e00`)).toEqual({ m: { a: 63 } });
    expect(await read(INTS, "00")).toEqual({ a: [] });
    await expect(read(NULLS, `${varint(200)}00`)).rejects.toThrow(/zero-byte items/);
  });
});

describe("map keys from the bytes", () => {
  it("keeps a key named __proto__ as an own entry, never as the map's prototype", async () => {
    const map = [{ name: "m", type: { type: "map", values: { type: "map", values: "int" } } }];
    // { "__proto__": { "polluted": 1 } }
    const key = Buffer.from("__proto__").toString("hex");
    const inner = `${varint(1)}${varint(8)}${Buffer.from("polluted").toString("hex")}0200`;
    const value = (await read(map, `${varint(1)}${varint(9)}${key}${inner}00`)) as { m: Record<string, unknown> };
    expect(Object.getPrototypeOf(value.m)).toBe(Object.prototype);
    expect(Object.keys(value.m)).toEqual(["__proto__"]);
    expect(Object.getOwnPropertyDescriptor(value.m, "__proto__")?.value).toEqual({ polluted: 1 });
    expect((value.m as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
