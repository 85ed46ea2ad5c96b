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

// Why each hostile input is refused (by title prefix); the rest are refused by avsc's own index checks.
const REASONS: readonly (readonly [string, RegExp])[] = [
  ["an array count of 2^31 - 1 ints", /block of 2147483647 items of at least 1 bytes with 12 bytes left/],
  ["a map count of 2^50", /block of 1125899906842624 items of at least 2 bytes/],
  ["an array count of 2^50 nulls", /zero-byte items: more than 8 per input byte/],
  ["an array count of 2^31 - 1 nulls", /zero-byte items/],
  ["an array count of 2^40 empty records", /zero-byte items/],
  ["a map count of 2^31 - 1 null values", /block of 2147483647 items of at least 1 bytes/],
  ["a negative block count with a byte size", /a block of 1099511627776 bytes/],
  ["a negative block count with a negative", /a block of -3 bytes/],
  ["a negative block count of 2^40", /block of 1099511627776 items/],
  ["a second block past the end", /block of 2147483647 items/],
  ["a string length of 2^40", /a string of 1099511627776 bytes with 1 byte left/],
  ["a negative string length", /negative string length -1/],
  ["a bytes length past the end", /bytes of 5 bytes with 4 bytes left/],
  ["a negative bytes length", /negative bytes length -7/],
  ["a fixed(16) with 3 bytes", /16 bytes with 3 bytes left/],
  ["a union branch index", /invalid union index/],
  ["a negative union branch index", /invalid union index: -1/],
  ["an enum index past the symbols", /enum index: 99/],
  ["a negative enum index", /enum index: -1/],
  ["a varint of 11 bytes", /varint longer than 10 bytes/],
  ["a varint cut short", /the bytes end inside a varint/],
  ["an int of 5 bytes beyond 32 bits", /int out of range/],
  ["a double cut short", /a double of 8 bytes with 3 bytes left/],
  ["no bytes at all", /the bytes end inside a varint/],
];

describe("hostile Avro bytes fail fast with WireFormatError", () => {
  it.each([
    [
      "an array count of 2^31 - 1 ints (22 bytes: aborted the process out of memory)",
      INTS,
      `${varint(2 ** 31 - 1)}020202020202020202020200`,
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
  ] as const)("%s", async (name, fields, bodyHex) => {
    const reason = REASONS.find(([prefix]) => name.startsWith(prefix))?.[1] ?? /./;
    const error = await read(fields, bodyHex).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WireFormatError);
    expect(String(error)).toMatch(reason);
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
