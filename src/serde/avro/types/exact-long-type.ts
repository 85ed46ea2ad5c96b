import avsc from "avsc";
import type { LongMode } from "../../../schema/index.js";
import { AvroReadError } from "../bounded-tap.js";
import { LongTypeBase, codecOf, type AvroReadTap, type AvroTap, type CheckHook } from "../avsc-internals.js";

// avsc 5.7.9 zig-zags longs in floating point: for n < -2^52 the zig-zag value (-2n - 1) is odd and
// above 2^53, so it rounds, and such longs are written and read as OTHER values (found by the interop
// suite against Confluent's Python serializer); avsc also refuses ±(2^53 - 1). The exact long type below
// keeps avsc's fast path for |n| <= 2^52, where it is exact, and writes BigInt varints beyond, over the
// whole safe-integer range.
const MAX_FAST_MAGNITUDE = 2 ** 52;
// A varint of a 64-bit long takes at most 10 bytes.
const MAX_VARINT_BYTES = 10;

/** A long as a JavaScript number, exact over the whole safe-integer range (avsc's own is not). */
export class ExactNumberLongType extends LongTypeBase {
  protected accepts(value: unknown, _flags?: number, hook?: CheckHook): boolean {
    const valid = Number.isSafeInteger(value);
    if (!valid && hook) hook(value, this);
    return valid;
  }

  protected writeTo(tap: AvroTap, value: unknown): void {
    if (typeof value === "number" && Math.abs(value) > MAX_FAST_MAGNITUDE && Number.isSafeInteger(value)) {
      const n = BigInt(value);
      writeVarint(tap, n >= 0n ? n << 1n : (-n << 1n) - 1n);
    } else {
      this.avscWriteLong(tap, value);
    }
  }

  protected readFrom(tap: AvroReadTap): unknown {
    // The tap's varint reading is exact for |n| < 2^52 (the common case, one comparison); it reads
    // -(2^52 + 1) as +2^52, so 2^52 itself and larger values are read again with BigInt.
    const start = tap.pos;
    const value = tap.readLong();
    if (Math.abs(value) < MAX_FAST_MAGNITUDE) return value;
    tap.pos = start;
    const exact = readBigIntLong(tap);
    // avsc's own message, so callers see one error for any long a number cannot hold.
    if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new Error("potential precision loss");
    }
    return Number(exact);
  }

  static {
    codecOf(ExactNumberLongType);
  }
}

function writeVarint(tap: AvroTap, zigZag: bigint): void {
  let rest = zigZag;
  while (rest >= 0x80n) {
    tap.buf[tap.pos++] = Number(rest & 0x7fn) | 0x80;
    rest >>= 7n;
  }
  tap.buf[tap.pos++] = Number(rest);
}

function readBigIntLong(tap: AvroReadTap): bigint {
  let zigZag = 0n;
  for (let i = 0; ; i += 1) {
    const byte = tap.buf[tap.pos + i];
    if (byte === undefined) throw new AvroReadError("truncated Avro payload: the bytes end inside a varint");
    if (i >= MAX_VARINT_BYTES) throw new AvroReadError(`varint longer than ${MAX_VARINT_BYTES} bytes`);
    zigZag |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) {
      tap.pos += i + 1;
      return BigInt.asIntN(64, (zigZag >> 1n) ^ -(zigZag & 1n));
    }
  }
}

const NUMBER_LONG: avsc.Type = new ExactNumberLongType();

// bigint mode: a 64-bit type as avsc documents for LongType.__with.
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
  return { long: longs === "bigint" ? BIGINT_LONG : NUMBER_LONG };
}
