import { longRegistry } from "../../../../../src/serde/avro/types/exact-long-type.js";
import { testType } from "./type-harness.js";

// The band avsc 5.7.9 gets wrong: ±2^52 to ±(2^53 - 1), where its floating-point zig-zag rounds.
const MAX = Number.MAX_SAFE_INTEGER;
const BAND = 2 ** 52;

testType("exact long (numbers)", {
  type: () => longRegistry("number")["long"]!,
  valid: [0, -1, 1, 2 ** 31, -(2 ** 40), BAND, -BAND, BAND + 1, -BAND - 1, MAX, -MAX],
  invalid: [2 ** 53, -(2 ** 53), 1.5, Number.NaN, Number.POSITIVE_INFINITY, "1", 1n, null, undefined],
  random: (next) => {
    const sign = next() < 0.5 ? -1 : 1;
    // Half small values, half in the band where avsc alone loses precision.
    return next() < 0.5 ? sign * Math.floor(next() * 2 ** 31) : sign * (BAND + Math.floor(next() * (MAX - BAND)));
  },
  // Zig-zag varints from the Avro specification's encoding rules (z = 2n for n >= 0, -2n - 1 below).
  bytes: [
    [-BAND - 1, "8180808080808010"],
    [MAX, "feffffffffffff1f"],
    [-MAX, "fdffffffffffff1f"],
    [-1, "01"],
  ],
});

testType("long (bigint mode)", {
  type: () => longRegistry("bigint")["long"]!,
  valid: [0n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n + 1n],
  invalid: [2n ** 63n, 1, "1", null],
  random: (next) => BigInt.asIntN(64, BigInt(Math.floor(next() * 2 ** 32)) * BigInt(Math.floor(next() * 2 ** 32))),
  bytes: [[2n ** 63n - 1n, "feffffffffffffffff01"]],
});
