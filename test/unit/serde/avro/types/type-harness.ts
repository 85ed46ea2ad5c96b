import type avsc from "avsc";
import { describe, expect, it } from "vitest";
import { decodeBounded } from "../../../../../src/serde/avro/bounded-tap.js";
import { seededRandom } from "../../../../support/seeded-random.js";

// avsc's own type tests (`testType` in its test suite) check each type with valid values, invalid values,
// a round trip through bytes and random values. schemakit's types get the same table here; random values
// come from a seeded generator so that every run checks the same ones.

export const RANDOM_VALUES = 50;

export interface TypeCase {
  /** The Type under test, built once per run. */
  readonly type: () => avsc.Type;
  readonly valid: readonly unknown[];
  readonly invalid: readonly unknown[];
  /** A valid value drawn from `next` (uniform in [0, 1)). */
  readonly random: (next: () => number) => unknown;
  /** Bytes some valid values must encode to (the Avro specification's encoding), as hex. */
  readonly bytes?: readonly (readonly [unknown, string])[];
}

/** The four checks of avsc's testType, as a describe block. */
export function testType(name: string, typeCase: TypeCase, seed = 0x7e57): void {
  describe(name, () => {
    it("accepts each valid value and reads back what it wrote (ours and avsc's decode)", () => {
      const type = typeCase.type();
      for (const value of typeCase.valid) roundTrip(type, value);
    });

    it("refuses each invalid value: isValid is false and encoding throws", () => {
      const type = typeCase.type();
      for (const value of typeCase.invalid) {
        expect(type.isValid(value), `isValid(${show(value)})`).toBe(false);
        expect(() => type.toBuffer(value), `toBuffer(${show(value)})`).toThrow();
      }
    });

    it(`round-trips ${RANDOM_VALUES} random values from a seeded generator`, () => {
      const type = typeCase.type();
      const next = seededRandom(seed);
      for (let i = 0; i < RANDOM_VALUES; i += 1) roundTrip(type, typeCase.random(next));
    });

    if (typeCase.bytes !== undefined) {
      const bytes = typeCase.bytes;
      it("writes the specification's bytes", () => {
        const type = typeCase.type();
        for (const [value, hex] of bytes) expect(type.toBuffer(value).toString("hex")).toBe(hex);
      });
    }
  });
}

function roundTrip(type: avsc.Type, value: unknown): void {
  expect(type.isValid(value), `isValid(${show(value)})`).toBe(true);
  const bytes = type.toBuffer(value);
  const decoded = decodeBounded(type, bytes, 0, undefined);
  expect(decoded.offset).toBe(bytes.length);
  expect(decoded.value).toEqual(value);
  expect(type.fromBuffer(bytes)).toEqual(value);
}

function show(value: unknown): string {
  try {
    return typeof value === "bigint" ? `${value}n` : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}
