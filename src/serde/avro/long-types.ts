import avsc from "avsc";
import type { LongMode } from "../../schema/index.js";

/** What avsc's Tap exposes to a type's read and write (not part of avsc's typings). */
interface Tap {
  buf: Buffer;
  pos: number;
}

interface TapCodec {
  _read(tap: Tap): unknown;
  _write(tap: Tap, value: unknown): void;
  _check(value: unknown, flags: number, hook?: (value: unknown, type: unknown) => void): boolean;
}

// avsc 5.7.9 zig-zags longs in floating point: for n < -2^52 the zig-zag value (-2n - 1) is odd and
// above 2^53, so it rounds, and such longs are written and read as OTHER values (found by the interop
// suite against Confluent's Python serializer); avsc also refuses ±(2^53 - 1). The exact long type below
// keeps avsc's fast path for |n| <= 2^52, where it is exact, and writes BigInt varints beyond, over the
// whole safe-integer range.
const MAX_FAST_MAGNITUDE = 2 ** 52;

// avsc freezes its type instances, so the exact behaviour lives in a subclass's prototype.
const AvscLongType = avsc.types.LongType as unknown as new () => avsc.Type & TapCodec;

class ExactNumberLongType extends AvscLongType {
  override _check(value: unknown, _flags: number, hook?: (value: unknown, type: unknown) => void): boolean {
    const valid = Number.isSafeInteger(value);
    if (!valid && hook) hook(value, this);
    return valid;
  }

  override _write(tap: Tap, value: unknown): void {
    if (typeof value === "number" && Math.abs(value) > MAX_FAST_MAGNITUDE && Number.isSafeInteger(value)) {
      const n = BigInt(value);
      writeVarint(tap, n >= 0n ? n << 1n : (-n << 1n) - 1n);
    } else {
      super._write(tap, value);
    }
  }

  override _read(tap: Tap): unknown {
    // avsc's reader is exact for |n| < 2^52 (the common case, one comparison). It reads -(2^52 + 1)
    // as +2^52, so 2^52 itself, larger values and values it refuses are read again with BigInt.
    const start = tap.pos;
    let value: unknown;
    try {
      value = super._read(tap);
    } catch {
      value = undefined;
    }
    if (typeof value === "number" && Math.abs(value) < MAX_FAST_MAGNITUDE) return value;
    tap.pos = start;
    let length = 1;
    while (length < 10 && ((tap.buf[start + length - 1] ?? 0) & 0x80) !== 0) length += 1;
    const exact = readBigIntLong(tap, length);
    // avsc's own message, so callers see one error for any long a number cannot hold.
    if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new Error("potential precision loss");
    }
    return Number(exact);
  }
}

function writeVarint(tap: Tap, zigZag: bigint): void {
  let rest = zigZag;
  while (rest >= 0x80n) {
    tap.buf[tap.pos++] = Number(rest & 0x7fn) | 0x80;
    rest >>= 7n;
  }
  tap.buf[tap.pos++] = Number(rest);
}

function readBigIntLong(tap: Tap, length: number): bigint {
  let zigZag = 0n;
  for (let i = 0; i < length; i += 1) zigZag |= BigInt((tap.buf[tap.pos + i] ?? 0) & 0x7f) << BigInt(7 * i);
  tap.pos += length;
  return BigInt.asIntN(64, (zigZag >> 1n) ^ -(zigZag & 1n));
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
