import { describe, expect, it } from "vitest";
import { SdkError, WireFormatError } from "../../../../src/errors/index.js";
import { defineAvroRecord } from "../../../../src/runtime/v1/index.js";
import { createDeserializer, createSerializer } from "../../../../src/serde/index.js";
import { InMemoryRegistry } from "../../../support/in-memory-registry.js";
import { seededRandom } from "../../../support/seeded-random.js";

// Issue 13: a fuzz run over the Avro deserializer with a fixed seed and a time budget. Inputs are random
// bytes, valid records mutated (bytes flipped, inserted, deleted, cut), and valid records with crafted
// lengths and counts spliced in. Every input must decode or fail with a WireFormatError; none may take
// longer than HANG_MS (a hang detector with a generous threshold, not a speed assertion) or yield a value
// heavier than WEIGHT_PER_BYTE times the input's size.

const SEED = 0x13_f0_22;
const BUDGET_MS = 3_000;
const MAX_INPUTS = 200_000;
const HANG_MS = 100;
const WEIGHT_PER_BYTE = 64;

const NS = "com.example.fuzz";
const CASES: readonly { readonly schema: object; readonly values: readonly Record<string, unknown>[] }[] = [
  {
    schema: {
      type: "record",
      name: "Arrays",
      namespace: NS,
      fields: [
        { name: "ints", type: { type: "array", items: "int" } },
        { name: "nulls", type: { type: "array", items: "null" } },
        {
          name: "recs",
          type: {
            type: "array",
            items: {
              type: "record",
              name: "Item",
              fields: [
                { name: "a", type: "int" },
                { name: "b", type: "null" },
              ],
            },
          },
        },
        { name: "nested", type: { type: "array", items: { type: "array", items: "string" } } },
      ],
    },
    values: [
      { ints: [1, -2, 300], nulls: [null, null], recs: [{ a: 1, b: null }], nested: [["x"], [], ["y", "z"]] },
      { ints: [], nulls: [], recs: [], nested: [] },
    ],
  },
  {
    schema: {
      type: "record",
      name: "Maps",
      namespace: NS,
      fields: [
        { name: "m", type: { type: "map", values: "long" } },
        { name: "mm", type: { type: "map", values: { type: "array", items: "double" } } },
        { name: "mn", type: { type: "map", values: "null" } },
      ],
    },
    values: [
      { m: { a: 1, bb: -(2 ** 40) }, mm: { k: [1.5, -2] }, mn: { z: null } },
      { m: {}, mm: {}, mn: {} },
    ],
  },
  {
    schema: {
      type: "record",
      name: "Unions",
      namespace: NS,
      fields: [
        { name: "u", type: ["null", "string", "int"] },
        { name: "picked", type: ["string", { type: "enum", name: "Color", symbols: ["RED", "GREEN"] }] },
        {
          name: "two",
          type: [
            { type: "record", name: "A", fields: [{ name: "x", type: "int" }] },
            { type: "record", name: "B", fields: [{ name: "x", type: "int" }] },
          ],
        },
        { name: "opt", type: ["null", { type: "record", name: "Opt", fields: [{ name: "s", type: "string" }] }] },
      ],
    },
    values: [
      { u: "s", picked: "RED", two: { x: 1 }, opt: { s: "o" } },
      { u: 7, picked: "free text", two: { x: -1 }, opt: null },
      { u: null, picked: "", two: { x: 0 }, opt: null },
    ],
  },
  {
    schema: {
      type: "record",
      name: "Tree",
      namespace: NS,
      fields: [
        { name: "value", type: "int" },
        { name: "children", type: { type: "array", items: "Tree" } },
        { name: "next", type: ["null", "Tree"] },
      ],
    },
    values: [
      {
        value: 1,
        children: [
          { value: 2, children: [], next: null },
          { value: 3, children: [{ value: 4, children: [], next: null }], next: null },
        ],
        next: { value: 5, children: [], next: null },
      },
    ],
  },
  {
    schema: {
      type: "record",
      name: "Decimals",
      namespace: NS,
      fields: [
        { name: "d", type: { type: "bytes", logicalType: "decimal", precision: 10, scale: 2 } },
        {
          name: "f",
          type: { type: "fixed", name: "Dec8", size: 8, logicalType: "decimal", precision: 18, scale: 4 },
        },
      ],
    },
    values: [
      { d: "12.30", f: "-1.0001" },
      { d: "-99999999.99", f: "0.0000" },
    ],
  },
  {
    schema: {
      type: "record",
      name: "Strings",
      namespace: NS,
      fields: [
        { name: "s", type: "string" },
        { name: "b", type: "bytes" },
        { name: "id", type: { type: "string", logicalType: "uuid" } },
        { name: "ts", type: { type: "long", logicalType: "timestamp-millis" } },
        { name: "l", type: "long" },
        { name: "x", type: { type: "fixed", name: "Three", size: 3 } },
        { name: "e", type: { type: "enum", name: "Level", symbols: ["LOW", "HIGH"] } },
        { name: "ok", type: "boolean" },
        { name: "f", type: "float" },
      ],
    },
    values: [
      {
        s: "héllo 🚀",
        b: Buffer.from([0, 255]),
        id: "123e4567-e89b-12d3-a456-426614174000",
        ts: new Date(1_700_000_000_000),
        l: Number.MAX_SAFE_INTEGER,
        x: Buffer.from("abc"),
        e: "HIGH",
        ok: true,
        f: 0.5,
      },
    ],
  },
];

/** Hex-free zig-zag varint bytes of `n`, any length (crafted ones run past 10 bytes on purpose). */
function varint(n: bigint, extraContinuations = 0): number[] {
  let zigZag = n >= 0n ? n << 1n : (-n << 1n) - 1n;
  const bytes: number[] = [];
  while (zigZag >= 0x80n) {
    bytes.push(Number((zigZag & 0x7fn) | 0x80n));
    zigZag >>= 7n;
  }
  bytes.push(Number(zigZag));
  for (let i = 0; i < extraContinuations; i += 1) {
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) | 0x80;
    bytes.push(0);
  }
  return bytes;
}

const CRAFTED: readonly number[][] = [
  varint(2n ** 31n - 1n),
  varint(2n ** 50n),
  varint(-(2n ** 40n)),
  varint(-1n),
  varint(2n ** 62n),
  varint(-(2n ** 63n)),
  varint(1000n),
  varint(-3n),
  varint(5n, 8),
  varint(2n ** 31n),
];

type Mutation = (payload: number[], random: () => number) => number[];

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)] as T;
const position = (payload: readonly number[], random: () => number): number =>
  Math.floor(random() * (payload.length + 1));

const MUTATIONS: readonly Mutation[] = [
  (payload, random) => {
    const out = [...payload];
    const at = Math.min(position(payload, random), Math.max(0, out.length - 1));
    out[at] = Math.floor(random() * 256);
    return out;
  },
  (payload, random) => {
    const out = [...payload];
    out.splice(position(payload, random), 0, pick([0x00, 0x01, 0x7f, 0x80, 0xff], random));
    return out;
  },
  (payload, random) => {
    const out = [...payload];
    out.splice(position(payload, random), 1 + Math.floor(random() * 3));
    return out;
  },
  (payload, random) => payload.slice(0, position(payload, random)),
  (payload, random) => {
    const out = [...payload];
    const at = position(payload, random);
    out.splice(at, Math.floor(random() * 3), ...pick(CRAFTED, random));
    return out;
  },
  (_payload, random) => Array.from({ length: Math.floor(random() * 48) }, () => Math.floor(random() * 256)),
];

/** How much a decoded value holds: one per slot, key or field, one per string or buffer byte. */
function weight(value: unknown, depth = 0): number {
  if (depth > 10_000) return Number.POSITIVE_INFINITY;
  if (typeof value === "string") return 1 + value.length;
  if (Buffer.isBuffer(value)) return 1 + value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + weight(item, depth + 1), 1 + value.length);
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    let sum = 1;
    for (const key of Object.keys(value)) sum += 1 + weight((value as Record<string, unknown>)[key], depth + 1);
    return sum;
  }
  return 1;
}

function timeDecode(
  deserializer: { deserializeSync(topic: string, bytes: Buffer): unknown },
  topic: string,
  bytes: Buffer,
): number {
  const start = performance.now();
  try {
    deserializer.deserializeSync(topic, bytes);
  } catch {
    // Only the time matters here; the first run judged the outcome.
  }
  return performance.now() - start;
}

describe("Avro deserializer fuzz (fixed seed, time budget)", () => {
  it("finds no untyped error, no hang and no oversized value", async () => {
    const registry = new InMemoryRegistry();
    const targets = await Promise.all(
      CASES.map(async ({ schema, values }, index) => {
        const type = defineAvroRecord<Record<string, unknown>>({ schema });
        const topic = `fuzz-${index}`;
        const serializer = createSerializer(type, { registry });
        const framed = await Promise.all(values.map((value) => serializer.serialize(topic, value)));
        const deserializer = createDeserializer(type, { registry });
        for (const bytes of framed) expect(await deserializer.deserialize(topic, bytes)).toBeDefined();
        return {
          topic,
          deserializer,
          header: [...framed[0]!.subarray(0, 5)],
          payloads: framed.map((b) => [...b.subarray(5)]),
        };
      }),
    );
    const random = seededRandom(SEED);
    const problems: string[] = [];
    let tried = 0;
    let decoded = 0;
    let slowest = 0;
    const started = performance.now();
    while (tried < MAX_INPUTS && performance.now() - started < BUDGET_MS && problems.length < 10) {
      const target = pick(targets, random);
      let payload = pick(target.payloads, random);
      for (let rounds = 1 + Math.floor(random() * 3); rounds > 0; rounds -= 1)
        payload = pick(MUTATIONS, random)(payload, random);
      const bytes = Buffer.from([...target.header, ...payload]);
      tried += 1;
      const heapBefore = process.memoryUsage().heapUsed;
      const start = performance.now();
      let value: unknown;
      let error: unknown;
      try {
        value = target.deserializer.deserializeSync(target.topic, bytes);
      } catch (caught) {
        error = caught;
      }
      const took = performance.now() - start;
      const grew = process.memoryUsage().heapUsed - heapBefore;
      slowest = Math.max(slowest, took);
      const input = `${target.topic} ${bytes.toString("hex")}`;
      // A slow input is timed again alone, three times: a hang is slow every time, a pause of a loaded
      // machine (GC, another process) is not.
      if (took > HANG_MS) {
        const again = Math.min(...[0, 1, 2].map(() => timeDecode(target.deserializer, target.topic, bytes)));
        if (again > HANG_MS) problems.push(`${input}: took ${took.toFixed(1)} ms, then ${again.toFixed(1)} ms`);
      }
      if (error !== undefined && !(error instanceof WireFormatError)) {
        problems.push(`${input}: ${SdkError.is(error) ? error.name : "untyped"} ${String(error)}`);
      }
      if (error === undefined) {
        decoded += 1;
        const held = weight(value);
        if (held > WEIGHT_PER_BYTE * bytes.length) problems.push(`${input}: value of weight ${held}`);
      }
      // Coarse (the heap also holds garbage of earlier inputs): catches a decode that allocates megabytes.
      if (grew > 1_048_576 + 1_024 * bytes.length) problems.push(`${input}: heap grew by ${grew} bytes`);
    }
    console.log(
      `fuzz: ${tried} inputs in ${Math.round(performance.now() - started)} ms (seed ${SEED}), ` +
        `${decoded} decoded, the others refused with WireFormatError; slowest ${slowest.toFixed(2)} ms`,
    );
    expect(problems).toEqual([]);
    expect(tried).toBeGreaterThan(1_000);
  }, 60_000);
});
