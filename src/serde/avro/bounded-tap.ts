import type avsc from "avsc";
import { decodeWith, type AvroReadTap } from "./avsc-internals.js";

// Reading Avro binary from untrusted bytes. avsc's own tap never fails while reading: past the end it
// reads zeros and lets the caller check the position afterwards, so a huge length or block count runs
// (and allocates) for as long as the count says. This tap has the same read and skip methods, and checks
// every length, count and varint against the bytes that remain before using it, failing at once.
//
// The rule for array and map blocks: a block of n items is refused unless n items of the writer's item type
// fit in the bytes left, counting each item at the fewest bytes its type can take (a map entry at least one
// more, for its key). Items of a type that takes no bytes at all (null, fixed(0), a record of only such
// fields) cannot be bounded that way: a whole decode may hold at most ZERO_BYTE_ITEMS_PER_INPUT_BYTE of them
// per byte of input. The Avro specification allows more (2^50 nulls in 22 bytes), which no real writer sends.

/** How many items of zero-byte types (null, fixed(0), a record of those) a decode allows per input byte. */
export const ZERO_BYTE_ITEMS_PER_INPUT_BYTE = 8;

/** Why the bytes cannot be read; the deserializer reports it as a WireFormatError. */
export class AvroReadError extends Error {
  override readonly name = "AvroReadError";
}

// Node's own fast UTF-8 decoder behind Buffer#toString, without its argument checks (avsc uses it too).
interface Utf8Sliceable {
  utf8Slice(start: number, end: number): string;
}

// A varint of a 64-bit long takes at most 10 bytes.
const MAX_VARINT_BYTES = 10;

function truncated(what: string): AvroReadError {
  return new AvroReadError(`truncated Avro payload: the bytes end inside a ${what}`);
}

function left(tap: BoundedTap): string {
  const bytes = tap.buf.length - tap.pos;
  return `${bytes} byte${bytes === 1 ? "" : "s"} left`;
}

/** A read position over untrusted bytes that fails fast instead of reading past the end. */
export class BoundedTap implements AvroReadTap {
  buf: Buffer;
  pos: number;
  /** Items of zero-byte types this decode may still read (see ZERO_BYTE_ITEMS_PER_INPUT_BYTE). */
  zeroByteItemsLeft: number;

  constructor(buf: Buffer, pos: number) {
    this.buf = buf;
    this.pos = pos;
    this.zeroByteItemsLeft = ZERO_BYTE_ITEMS_PER_INPUT_BYTE * buf.length;
  }

  /** Reads always fail before the position passes the end. */
  isValid(): boolean {
    return this.pos <= this.buf.length;
  }

  readBoolean(): boolean {
    const byte = this.buf[this.pos];
    if (byte === undefined) throw truncated("boolean");
    this.pos += 1;
    return byte !== 0;
  }

  skipBoolean(): void {
    this.readBoolean();
  }

  /** An int: a varint of at most 10 bytes whose value fits in 32 bits. */
  readInt(): number {
    const value = this.readLong();
    if ((value | 0) !== value) throw new AvroReadError(`int out of range: ${value}`);
    return value;
  }

  skipInt(): void {
    this.skipLong();
  }

  /**
   * A zig-zag varint of at most 10 bytes, as avsc computes it: integer arithmetic up to 28 bits, floating
   * point beyond (exact below 2^53; the exact long type rereads larger ones).
   */
  readLong(): number {
    const { buf } = this;
    let pos = this.pos;
    let byte = buf[pos++];
    if (byte === undefined) throw truncated("varint");
    if (byte < 0x80) {
      this.pos = pos;
      return (byte >> 1) ^ -(byte & 1);
    }
    let n = byte & 0x7f;
    let shift = 7;
    do {
      byte = buf[pos++];
      if (byte === undefined) throw truncated("varint");
      n |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte >= 0x80 && shift < 28);
    if (byte < 0x80) {
      this.pos = pos;
      return (n >> 1) ^ -(n & 1);
    }
    let f = n;
    let scale = 2 ** 28;
    let length = 4;
    do {
      byte = buf[pos++];
      if (byte === undefined) throw truncated("varint");
      length += 1;
      if (length > MAX_VARINT_BYTES) throw new AvroReadError(`varint longer than ${MAX_VARINT_BYTES} bytes`);
      f += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte >= 0x80);
    this.pos = pos;
    return (f % 2 ? -(f + 1) : f) / 2;
  }

  skipLong(): void {
    const { buf } = this;
    let pos = this.pos;
    let byte: number | undefined;
    let length = 0;
    do {
      byte = buf[pos++];
      if (byte === undefined) throw truncated("varint");
      length += 1;
      if (length > MAX_VARINT_BYTES) throw new AvroReadError(`varint longer than ${MAX_VARINT_BYTES} bytes`);
    } while (byte >= 0x80);
    this.pos = pos;
  }

  readFloat(): number {
    this.#require(4, "float");
    const value = this.buf.readFloatLE(this.pos);
    this.pos += 4;
    return value;
  }

  skipFloat(): void {
    this.skipFixed(4);
  }

  readDouble(): number {
    this.#require(8, "double");
    const value = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  skipDouble(): void {
    this.skipFixed(8);
  }

  /** `length` bytes, copied: the value must not pin the whole input buffer. */
  readFixed(length: number): Buffer {
    const start = this.pos;
    const end = start + length;
    if (end > this.buf.length) throw this.#tooLong(length, "fixed or bytes value");
    this.pos = end;
    const copy = Buffer.allocUnsafe(length);
    this.buf.copy(copy, 0, start, end);
    return copy;
  }

  skipFixed(length: number): void {
    this.#require(length, "fixed value");
    this.pos += length;
  }

  readBytes(): Buffer {
    return this.readFixed(this.#readLength("bytes"));
  }

  skipBytes(): void {
    const length = this.#readLength("bytes");
    this.pos += length;
  }

  readString(): string {
    const length = this.readLong();
    const start = this.pos;
    const end = start + length;
    if (length < 0 || end > this.buf.length) throw this.#tooLong(length, "string");
    this.pos = end;
    return (this.buf as Buffer & Utf8Sliceable).utf8Slice(start, end);
  }

  skipString(): void {
    const length = this.#readLength("string");
    this.pos += length;
  }

  /** A long's varint as its 8 little-endian two's-complement bytes (avsc's abstract long types read this). */
  unpackLongBytes(): Buffer {
    const start = this.pos;
    this.skipLong();
    const end = this.pos;
    let zigZag = 0n;
    for (let i = start; i < end; i += 1) zigZag |= BigInt((this.buf[i] as number) & 0x7f) << BigInt(7 * (i - start));
    const bytes = Buffer.alloc(8);
    bytes.writeBigInt64LE(BigInt.asIntN(64, (zigZag >> 1n) ^ -(zigZag & 1n)));
    return bytes;
  }

  /**
   * An array or map block header: how many items follow (0 ends the collection). A negative count comes
   * with the block's byte size; with `skipSized` such a block is skipped whole and -1 returned. Refuses a
   * count that cannot fit in what remains (see the rule above).
   */
  readBlockCount(minItemBytes: number, skipSized = false): number {
    let count = this.readLong();
    if (count === 0) return 0;
    if (count < 0) {
      count = -count;
      const size = this.readLong();
      if (size < 0 || size > this.buf.length - this.pos)
        throw new AvroReadError(`truncated Avro payload: a block of ${size} bytes with ${left(this)}`);
      if (skipSized) {
        this.pos += size;
        return -1;
      }
    }
    if (minItemBytes > 0) {
      if (count * minItemBytes > this.buf.length - this.pos) {
        throw new AvroReadError(
          `truncated Avro payload: a block of ${count} items of at least ${minItemBytes} bytes with ${left(this)}`,
        );
      }
    } else {
      if (count > this.zeroByteItemsLeft) {
        throw new AvroReadError(
          `block of ${count} zero-byte items: more than ${ZERO_BYTE_ITEMS_PER_INPUT_BYTE} per input byte`,
        );
      }
      this.zeroByteItemsLeft -= count;
    }
    return count;
  }

  #readLength(what: string): number {
    const length = this.readLong();
    if (length < 0) throw this.#tooLong(length, what);
    this.#require(length, what);
    return length;
  }

  #require(length: number, what: string): void {
    if (length > this.buf.length - this.pos) throw this.#tooLong(length, what);
  }

  #tooLong(length: number, what: string): AvroReadError {
    if (length < 0) return new AvroReadError(`negative ${what} length ${length}`);
    return new AvroReadError(`truncated Avro payload: a ${what} of ${length} bytes with ${left(this)}`);
  }
}

/**
 * Decodes one value of `type` (through `resolver` when written with another schema) from `bytes` at
 * `offset`; returns the value and the offset after it. Throws AvroReadError (or avsc's error for a bad
 * union or enum index) for bytes that do not hold such a value.
 */
export function decodeBounded(
  type: avsc.Type,
  bytes: Buffer,
  offset: number,
  resolver: avsc.Resolver | undefined,
): { value: unknown; offset: number } {
  const tap = new BoundedTap(bytes, offset);
  const value = decodeWith(type, tap, resolver);
  return { value, offset: tap.pos };
}
