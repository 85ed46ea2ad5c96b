import avsc from "avsc";
import type { LongMode } from "../../runtime/v1/types.js";

// avsc's own long type refuses numbers outside the safe-integer range (no silent precision loss);
// bigint mode swaps in a 64-bit type as avsc documents for LongType.__with.
const BIGINT_LONG = avsc.types.LongType.__with({
  fromBuffer: (buffer: Buffer) => buffer.readBigInt64LE(),
  toBuffer: (value: bigint) => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64LE(value);
    return buffer;
  },
  fromJSON: (value: number | string) => BigInt(value),
  toJSON: (value: bigint) => Number(value),
  isValid: (value: unknown) => typeof value === "bigint" && BigInt.asIntN(64, value) === value,
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

/** The avsc registry entries a long mode needs. */
export function longRegistry(longs: LongMode): Record<string, avsc.Type> {
  return longs === "bigint" ? { long: BIGINT_LONG } : {};
}
