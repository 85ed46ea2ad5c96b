import { describe, expect, it } from "vitest";
import {
  timestampFromDate,
  timestampFromEpochNanos,
  timestampToDate,
  timestampToEpochNanos,
} from "../../../../src/schema/index.js";
import { Timestamp } from "../../codegen/golden/mixed/google/protobuf/timestamp.proto.js";

// Expected pairs from Python's protobuf 7.36.2 (Timestamp.FromNanoseconds / FromMilliseconds /
// ToMilliseconds), never from these functions' own round trip.
const FROM_NANOS: readonly [bigint, bigint, number, number][] = [
  // nanoseconds since the epoch, seconds, nanos, ToMilliseconds()
  [0n, 0n, 0, 0],
  [1n, 0n, 1, 0],
  [-1n, -1n, 999_999_999, -1],
  [1_767_225_600_123_456_789n, 1_767_225_600n, 123_456_789, 1_767_225_600_123],
  [-1_000_000_001n, -2n, 999_999_999, -1_001],
  [253_402_300_799_999_999_999n, 253_402_300_799n, 999_999_999, 253_402_300_799_999],
  [-62_135_596_800_000_000_000n, -62_135_596_800n, 0, -62_135_596_800_000],
];
const FROM_MILLIS: readonly [number, bigint, number][] = [
  [0, 0n, 0],
  [-1, -1n, 999_000_000],
  [1_767_225_600_123, 1_767_225_600n, 123_000_000],
  [-62_135_596_800_000, -62_135_596_800n, 0],
];

describe("Timestamp conversions", () => {
  it.each(FROM_NANOS)("%s ns ↔ { seconds: %s, nanos: %s }, Date at %s ms", (nanos, seconds, rest, millis) => {
    expect(timestampFromEpochNanos(nanos)).toEqual({ seconds, nanos: rest });
    expect(timestampToEpochNanos({ seconds, nanos: rest })).toBe(nanos);
    expect(timestampToDate({ seconds, nanos: rest }).getTime()).toBe(millis);
  });

  it.each(FROM_MILLIS)("Date at %s ms → { seconds: %s, nanos: %s }", (millis, seconds, nanos) => {
    expect(timestampFromDate(new Date(millis))).toEqual({ seconds, nanos });
  });

  it("refuses what Protobuf refuses: out-of-range seconds, bad nanos, invalid Dates", () => {
    expect(() => timestampFromEpochNanos(253_402_300_800_000_000_000n)).toThrow(RangeError);
    expect(() => timestampToDate({ seconds: -62_135_596_801n, nanos: 0 })).toThrow(RangeError);
    expect(() => timestampToEpochNanos({ seconds: 0n, nanos: 1_000_000_000 })).toThrow(/nanos/);
    expect(() => timestampToEpochNanos({ seconds: 0n, nanos: -1 })).toThrow(/nanos/);
    expect(() => timestampFromDate(new Date(Number.NaN))).toThrow(/invalid Date/);
  });

  it("the generated Timestamp class converts, keeping nanoseconds through epoch nanos", () => {
    const precise = Timestamp.fromEpochNanos(1_767_225_600_123_456_789n);
    expect(precise).toBeInstanceOf(Timestamp);
    expect(precise).toMatchObject({ seconds: 1_767_225_600n, nanos: 123_456_789 });
    expect(precise.toEpochNanos()).toBe(1_767_225_600_123_456_789n);
    expect(precise.toDate().toISOString()).toBe("2026-01-01T00:00:00.123Z");
    expect(Timestamp.fromDate(new Date("2026-01-01T00:00:00.123Z"))).toMatchObject({ nanos: 123_000_000 });
  });
});
