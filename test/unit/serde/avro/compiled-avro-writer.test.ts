import { readdirSync, readFileSync } from "node:fs";
import type avsc from "avsc";
import { describe, expect, it } from "vitest";
import type { AnyAvroNamedDesc } from "../../../../src/schema/index.js";
import { avroTypeOf } from "../../../../src/serde/avro/avro-type-cache.js";
import { compiledAvroWriter } from "../../../../src/serde/avro/compiled-avro-writer.js";
import { parseAvroSchemas } from "../../../../src/serde/avro/parse-avro-schemas.js";
import { defineAvroRecord } from "../../../../src/runtime/v1/index.js";
import { allTypesInit } from "../../codegen/all-types-fixture.js";
import { AllTypes } from "../../codegen/golden/all-types/com/acme/test/all-types.avro.js";
import { Card } from "../../codegen/golden/all-types/com/acme/test/card.avro.js";
import { Iban } from "../../codegen/golden/all-types/com/acme/test/iban.avro.js";
import { UserEvent as BigintUserEvent } from "../../codegen/golden/bigint-longs/com/example/user-event.avro.js";
import { OrderPlaced } from "../../codegen/golden/cross-file/com/acme/orders/order-placed.avro.js";
import { UserEvent as GeneratedUserEvent } from "../../codegen/golden/user-event/com/example/user-event.avro.js";
import { User as UserV1 } from "../../codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";
import { User as UserV2 } from "../../codegen/golden/evolution-v2/com/acme/evolution/user.avro.js";
import { USER_EVENT_SCHEMA, UserEvent, userEvent } from "./user-event-fixture.js";

// The compiled writer against avsc's own `Type#encode` as the oracle: for every value, the same answer
// (end offset, or minus the bytes missing) and the same bytes, at any offset and for targets of every
// length too small (nothing written past their end); for invalid values, the same error.

const RANDOM_VALUES = 200;
const CANARY = 0xa5;

function compiled(type: avsc.Type): (value: unknown, target: Buffer, offset: number) => number {
  const encode = compiledAvroWriter(type);
  if (encode === undefined) throw new Error(`not compiled: ${type.name ?? type.typeName}`);
  return encode;
}

/**
 * Checks one value: same bytes as avsc at offsets 0 and 3, and the same answer for short targets (every
 * length up to 256 bytes, then every 37th and the last 16), nothing written past their end. Plain
 * comparisons in the loops (an expect per length would dominate the run), one expect at the end.
 */
function expectSameAsAvsc(type: avsc.Type, value: unknown): void {
  const encode = compiled(type);
  const size = -type.encode(value, Buffer.alloc(0), 0);
  const problems: string[] = [];
  for (const offset of [0, 3]) {
    const expected = Buffer.alloc(offset + size + 8, CANARY);
    const actual = Buffer.alloc(offset + size + 8, CANARY);
    const expectedEnd = type.encode(value, expected, offset);
    const actualEnd = encode(value, actual, offset);
    // Compared up to the end only: avsc's loop for short strings can leave bytes past it (its last
    // iterations run over the byte length, not the characters); this writer leaves them alone.
    const same = actualEnd === expectedEnd && actual.subarray(0, actualEnd).equals(expected.subarray(0, expectedEnd));
    if (!same || !actual.subarray(actualEnd).every((byte) => byte === CANARY))
      problems.push(`offset ${offset}: ${actual.toString("hex")} (${actualEnd}), avsc ${expected.toString("hex")}`);
  }
  for (let length = 0; length < size; length += length < 128 || length >= size - 16 ? 1 : 37) {
    const space = Buffer.alloc(length + 16, CANARY);
    const answer = encode(value, space.subarray(0, length), 0);
    if (answer !== length - size || answer !== type.encode(value, Buffer.alloc(length), 0))
      problems.push(`target of ${length} bytes: answered ${answer}, avsc ${length - size}`);
    if (!space.subarray(length).every((byte) => byte === CANARY)) problems.push(`wrote past ${length} bytes`);
  }
  expect(problems, `value ${String(JSON.stringify(value))?.slice(0, 300)}`).toEqual([]);
}

/** The error avsc throws for `value`, or undefined when it writes it. */
function avscError(type: avsc.Type, value: unknown): string | undefined {
  try {
    type.encode(value, Buffer.alloc(1 << 16), 0);
    return undefined;
  } catch (error) {
    return String(error);
  }
}

function expectSameError(type: avsc.Type, value: unknown): void {
  const expected = avscError(type, value);
  expect(expected, "avsc refuses the value").toBeDefined();
  expect(() => compiled(type)(value, Buffer.alloc(1 << 16), 0)).toThrow(expected?.replace(/^\w*Error: /, ""));
}

const descriptorType = (descriptor: AnyAvroNamedDesc): avsc.Type => avroTypeOf(descriptor);

const INTS = [0, -1, 1, 63, 64, -64, -65, 8191, 8192, 2 ** 30, -(2 ** 30) - 1, 2 ** 31 - 1, -(2 ** 31), -0];
const LONGS = [0, -1, 2 ** 31, -(2 ** 31), 2 ** 35 + 7, 2 ** 52, -(2 ** 52), 2 ** 52 + 1, -(2 ** 52) - 3];
const EXACT_LONGS = [...LONGS, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53 - 2];
const DOUBLES = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5, Number.MIN_VALUE, 3e38];
const STRINGS = [
  "",
  "a",
  "é",
  "😀",
  "日本語のテキスト",
  "a\u0000b",
  "x".repeat(63),
  "x".repeat(64),
  `${"x".repeat(62)}é`,
  "é".repeat(40),
  "x".repeat(300),
  `${"y".repeat(200)}😀`,
];
const BYTES = [Buffer.alloc(0), Buffer.from([0]), Buffer.alloc(63, 1), Buffer.alloc(64, 2), Buffer.alloc(300, 3)];
const MILLIS = [0, -1, 1_700_000_000_000, 8.64e15, -8.64e15, 2 ** 52 + 1, -(2 ** 52) - 1];

const EDGE_SCHEMA = {
  type: "record",
  name: "Edges",
  namespace: "com.example.compiled",
  fields: [
    { name: "i", type: "int" },
    { name: "l", type: "long" },
    { name: "f", type: "float" },
    { name: "d", type: "double" },
    { name: "s", type: "string" },
    { name: "b", type: "bytes" },
    { name: "at", type: { type: "long", logicalType: "timestamp-millis" } },
    { name: "list", type: { type: "array", items: "string" } },
    { name: "longs", type: { type: "map", values: "long" } },
    { name: "maybe", type: ["null", "string", "int", { type: "array", items: "int" }] },
    { name: "fix", type: { type: "fixed", name: "Four", size: 4 } },
    { name: "color", type: { type: "enum", name: "Color", symbols: ["RED", "GREEN", "BLUE"] } },
    { name: "dflt", type: "string", default: "fallback é" },
    { name: "dfltUnion", type: ["null", "long"], default: null },
  ],
};

function edgeValue(i: number): Record<string, unknown> {
  const pick = <T>(values: readonly T[], step = 1): T => values[(i * step) % values.length] as T;
  const size = [0, 1, 70][i % 3] as number;
  return {
    i: pick(INTS),
    l: pick(EXACT_LONGS, 3),
    f: pick(DOUBLES, 5),
    d: pick(DOUBLES, 7),
    s: pick(STRINGS),
    b: pick(BYTES, 3),
    at: new Date(pick(MILLIS, 5)),
    list: Array.from({ length: size }, (_, k) => pick(STRINGS, k + 1)),
    longs: Object.fromEntries(Array.from({ length: size * 2 }, (_, k) => [`k${k}é`, pick(EXACT_LONGS, k)])),
    maybe: pick([null, "text", 7, [], [1, -1]]),
    fix: Buffer.from([i, 1, 2, 3]),
    color: pick(["RED", "GREEN", "BLUE"]),
    dflt: i % 2 === 0 ? undefined : pick(STRINGS),
    dfltUnion: pick([undefined, null, 5, -(2 ** 50)]),
  };
}

// Every .avsc the project ships, parsed as the serializer would without classes (plain values).
function shippedSchemaTypes(): { name: string; type: avsc.Type }[] {
  const found: { name: string; type: avsc.Type }[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith(".avsc")) {
        // Schemas that name types of other files, or are refused on purpose, are covered by their classes.
        try {
          found.push({ name: path, type: parseAvroSchemas([readFileSync(path, "utf8")], "number", undefined) });
        } catch {}
      }
    }
  };
  visit("schemas");
  return found;
}

// Thousands of encodes per value (one per short target length): a generous per-test time limit.
describe("compiled Avro writer: the same bytes as avsc", { timeout: 60_000 }, () => {
  it("writes edge values of every primitive, logical type, collection and union", () => {
    const type = parseAvroSchemas([JSON.stringify(EDGE_SCHEMA)], "number", undefined);
    for (let i = 0; i < 60; i += 1) expectSameAsAvsc(type, edgeValue(i));
  });

  it("writes the bench UserEvent (descriptor and generated class) for random and edge values", () => {
    for (const type of [descriptorType(UserEvent), descriptorType(GeneratedUserEvent.schema)]) {
      for (let i = 0; i < RANDOM_VALUES; i += 1) expectSameAsAvsc(type, type.random());
    }
    const plain = descriptorType(UserEvent);
    expectSameAsAvsc(plain, UserEvent.create(userEvent()));
    expectSameAsAvsc(
      plain,
      UserEvent.create(
        userEvent({ userId: "", sessionId: "😀 é", tags: [], counters: {}, payload: Buffer.alloc(0), count: -1 }),
      ),
    );
  });

  it("writes the all-types golden class: picked unions, class records, recursion, every logical type", () => {
    const type = descriptorType(AllTypes.schema);
    expectSameAsAvsc(type, new AllTypes(allTypesInit()));
    const variants: Partial<ReturnType<typeof allTypesInit>>[] = [
      { numberOrText: 3, textOrSuit: "not-a-suit", intOrLong: 7, payment: new Card({ number: "" }) },
      { numberOrText: -(2 ** 31), textOrSuit: "CLUBS", intOrLong: -(2 ** 40), payments: [] },
      { price: "0", id: "00000000-0000-0000-0000-000000000000", atMicros: -1, localMicros: 2 ** 52 + 1 },
      { tree: { label: "a", children: [{ label: "b", children: [{ label: "c" }] }] }, cardsByName: {} },
    ];
    for (const variant of variants) expectSameAsAvsc(type, new AllTypes({ ...allTypesInit(), ...variant }));
  });

  it("writes records with referenced types and the evolution classes, random values", () => {
    for (const descriptor of [OrderPlaced.schema, UserV1.schema, UserV2.schema]) {
      const type = descriptorType(descriptor);
      for (let i = 0; i < RANDOM_VALUES; i += 1) {
        // avsc's random decimal bytes are not always a valid decimal: such values are avsc's to refuse.
        const value = type.random();
        if (avscError(type, value) === undefined) expectSameAsAvsc(type, value);
        else expectSameError(type, value);
      }
    }
  });

  it("writes every shipped .avsc schema as plain values (where avsc need not wrap unions), random values", () => {
    let checked = 0;
    for (const { type } of shippedSchemaTypes()) {
      if (compiledAvroWriter(type) === undefined) continue;
      let values = 0;
      for (let i = 0; i < RANDOM_VALUES; i += 1) {
        let value: unknown;
        try {
          value = type.random();
        } catch (error) {
          // avsc's random() recurses without bound on a recursive record; its other values still count.
          if (error instanceof RangeError) continue;
          throw error;
        }
        if (avscError(type, value) === undefined) expectSameAsAvsc(type, value);
        else expectSameError(type, value);
        values += 1;
      }
      if (values > 0) checked += 1;
    }
    // user-v1, user-v2, user-event and the two Money schemas (all-types has unions avsc wraps).
    expect(checked).toBe(5);
  });

  it("writes a lone UTF-16 surrogate as U+FFFD, as Buffer.from and avsc's own longer strings do", () => {
    const type = parseAvroSchemas(['"string"'], "number", undefined);
    const target = Buffer.alloc(16);
    const end = compiled(type)("a\ud800b", target, 0);
    expect(target.subarray(0, end).toString("hex")).toBe(`0a${Buffer.from("a\ud800b").toString("hex")}`);
    expect(target.subarray(1, end).toString("hex")).toBe("61efbfbd62");
  });
});

describe("compiled Avro writer: invalid values", () => {
  it("throws avsc's own error for each value avsc refuses", () => {
    const type = parseAvroSchemas([JSON.stringify(EDGE_SCHEMA)], "number", undefined);
    const valid = edgeValue(1);
    const invalid: Record<string, unknown[]> = {
      i: ["1", 1.5, 2 ** 31, null, undefined, Number.NaN],
      l: [1.5, 2 ** 53, "1", Number.NaN, null, 10n],
      f: ["1", null],
      d: [undefined, {}],
      s: [1, null, Buffer.from("a")],
      b: ["x", [1]],
      at: [1_000, "2026-01-01", new Date(Number.NaN)],
      list: [{}, "a", [1]],
      longs: [[], null, "m", { a: "1" }],
      maybe: [{}, 1.5, true, ["a"]],
      fix: [Buffer.alloc(3), "abcd"],
      color: ["PURPLE", 1, null],
      dflt: [null, 3],
      dfltUnion: ["x", 1.5],
    };
    for (const [field, values] of Object.entries(invalid)) {
      for (const value of values) expectSameError(type, { ...valid, [field]: value });
    }
    for (const record of [null, undefined, "record"]) expectSameError(type, record);
  });

  it("throws avsc's errors for a generated class: a plain object where an instance is needed, a bad union", () => {
    const type = descriptorType(AllTypes.schema);
    // Built first, then broken: the constructor would turn a plain object into an instance.
    const broken = (fields: Record<string, unknown>): AllTypes => Object.assign(new AllTypes(allTypesInit()), fields);
    expectSameError(type, broken({ payment: { number: "x" } }));
    expectSameError(type, broken({ numberOrText: true }));
    expectSameError(type, broken({ numberOrText: 2.5 }));
    expectSameError(type, broken({ price: "1.23456789" }));
    expectSameError(type, broken({ id: "not-a-uuid" }));
    expectSameError(type, broken({ payments: [new Iban({ number: "1" }), 5] }));
    expectSameError(type, broken({ at: new Date(Number.NaN) }));
  });
});

describe("compiled Avro writer: what stays with avsc", () => {
  it("compiles nothing for bigint longs or unions avsc wraps, and caches its answer per Type", () => {
    expect(compiledAvroWriter(descriptorType(BigintUserEvent.schema))).toBeUndefined();
    const wrapped = parseAvroSchemas(
      [JSON.stringify({ type: "record", name: "W", fields: [{ name: "u", type: ["int", "long"] }] })],
      "number",
      undefined,
    );
    expect(compiledAvroWriter(wrapped)).toBeUndefined();
    const type = descriptorType(defineAvroRecord({ schema: USER_EVENT_SCHEMA }));
    expect(compiledAvroWriter(type)).toBeDefined();
    expect(compiledAvroWriter(type)).toBe(compiledAvroWriter(type));
  });
});
