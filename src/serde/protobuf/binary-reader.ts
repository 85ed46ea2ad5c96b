import { isUtf8 } from "node:buffer";
import { BIT32, BIT64, END_GROUP, LENGTH_DELIMITED, START_GROUP, VARINT } from "./wire-types.js";

// Protobuf's wire primitives read from a Buffer at a cursor. Every read is bounded by an `end` offset (the
// end of the enclosing message, map entry or packed run, never past the buffer): a varint, length or
// fixed-width value that would cross it throws MalformedProtobuf, so no length read from the bytes reaches
// past the bytes that remain. Values are what @bufbuild/protobuf's BinaryReader reads from the same bytes.

/** Bytes that are not a valid encoding of the message; the deserializer wraps it in a WireFormatError. */
export class MalformedProtobuf extends Error {
  override readonly name = "MalformedProtobuf";

  constructor(
    readonly offset: number,
    detail: string,
  ) {
    super(`${detail} at byte ${offset}`);
  }
}

/** Where one decode call reads: `pos` moves forward, never past the `end` each read is given. */
export interface ReadCursor {
  readonly buf: Buffer;
  pos: number;
}

const TWO_POW_32 = 4_294_967_296;
// Below 2^21 the high word and the low word make an exact double, so no bigint arithmetic is needed.
const SAFE_HIGH = 0x20_0000;
// Short strings are built from their bytes when they are ASCII: cheaper than a call into Buffer's decoder.
const SHORT_STRING = 16;

export function fail(cursor: ReadCursor, detail: string): never {
  throw new MalformedProtobuf(cursor.pos, detail);
}

function truncated(cursor: ReadCursor): never {
  fail(cursor, "truncated: the value runs past the end of its message");
}

/** A varint's low 32 bits as an unsigned number; at most 10 bytes, as any 64-bit varint. */
export function readVarint32(cursor: ReadCursor, end: number): number {
  const { buf } = cursor;
  let pos = cursor.pos;
  if (pos < end) {
    const first = buf[pos]!;
    if (first < 0x80) {
      cursor.pos = pos + 1;
      return first;
    }
  }
  let result = 0;
  for (let shift = 0; shift < 70; shift += 7) {
    if (pos >= end) truncated(cursor);
    const byte = buf[pos++]!;
    if (shift < 32) result |= (byte & 0x7f) << shift;
    if (byte < 0x80) {
      cursor.pos = pos;
      return result >>> 0;
    }
  }
  fail(cursor, "varint longer than 10 bytes");
}

/** A tag: a varint of at most 32 bits (5 bytes, the last under 0x10), field number ≥ 1, wire type ≤ 5. */
export function readTag(cursor: ReadCursor, end: number): number {
  const start = cursor.pos;
  const tag = readVarint32(cursor, end);
  const length = cursor.pos - start;
  if (length > 5 || (length === 5 && cursor.buf[cursor.pos - 1]! > 0x0f)) {
    cursor.pos = start;
    fail(cursor, "tag overflows 32 bits");
  }
  if (tag >>> 3 === 0 || (tag & 7) > 5) {
    cursor.pos = start;
    fail(cursor, `illegal tag: field ${tag >>> 3}, wire type ${tag & 7}`);
  }
  return tag;
}

// The two words of the last 64-bit varint read: module state, so a read allocates nothing.
let low = 0;
let high = 0;

function readVarint64(cursor: ReadCursor, end: number): void {
  const { buf } = cursor;
  let pos = cursor.pos;
  let lo = 0;
  let hi = 0;
  for (let index = 0; index < 10; index += 1) {
    if (pos >= end) truncated(cursor);
    const byte = buf[pos++]!;
    const bits = byte & 0x7f;
    if (index < 4) lo |= bits << (7 * index);
    else if (index === 4) {
      lo |= bits << 28;
      hi = bits >> 4;
    } else hi |= bits << (7 * index - 32);
    if (byte < 0x80) {
      cursor.pos = pos;
      low = lo;
      high = hi;
      return;
    }
  }
  fail(cursor, "varint longer than 10 bytes");
}

function unsigned64(lo: number, hi: number): bigint {
  if (hi === 0) return BigInt(lo >>> 0);
  if (hi >>> 0 < SAFE_HIGH) return BigInt((hi >>> 0) * TWO_POW_32 + (lo >>> 0));
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

function signed64(lo: number, hi: number): bigint {
  if ((hi | 0) >= 0) return unsigned64(lo, hi);
  if ((hi | 0) >= -SAFE_HIGH) return BigInt((hi | 0) * TWO_POW_32 + (lo >>> 0));
  return BigInt.asIntN(64, unsigned64(lo, hi));
}

export function readInt64(cursor: ReadCursor, end: number): bigint {
  readVarint64(cursor, end);
  return signed64(low, high);
}

export function readUint64(cursor: ReadCursor, end: number): bigint {
  readVarint64(cursor, end);
  return unsigned64(low, high);
}

export function readSint64(cursor: ReadCursor, end: number): bigint {
  readVarint64(cursor, end);
  const sign = -(low & 1);
  return signed64(((low >>> 1) | ((high & 1) << 31)) ^ sign, (high >>> 1) ^ sign);
}

export function readInt32(cursor: ReadCursor, end: number): number {
  return readVarint32(cursor, end) | 0;
}

export function readSint32(cursor: ReadCursor, end: number): number {
  const n = readVarint32(cursor, end);
  return (n >>> 1) ^ -(n & 1);
}

export function readBool(cursor: ReadCursor, end: number): boolean {
  const pos = cursor.pos;
  if (pos < end && cursor.buf[pos]! < 0x80) {
    cursor.pos = pos + 1;
    return cursor.buf[pos] !== 0;
  }
  readVarint64(cursor, end);
  return low !== 0 || high !== 0;
}

function fixed(cursor: ReadCursor, end: number, size: number): number {
  const pos = cursor.pos;
  if (pos + size > end) truncated(cursor);
  cursor.pos = pos + size;
  return pos;
}

export function readFixed32(cursor: ReadCursor, end: number): number {
  return cursor.buf.readUInt32LE(fixed(cursor, end, 4));
}

export function readSfixed32(cursor: ReadCursor, end: number): number {
  return cursor.buf.readInt32LE(fixed(cursor, end, 4));
}

export function readFixed64(cursor: ReadCursor, end: number): bigint {
  const pos = fixed(cursor, end, 8);
  return unsigned64(cursor.buf.readInt32LE(pos), cursor.buf.readInt32LE(pos + 4));
}

export function readSfixed64(cursor: ReadCursor, end: number): bigint {
  const pos = fixed(cursor, end, 8);
  return signed64(cursor.buf.readInt32LE(pos), cursor.buf.readInt32LE(pos + 4));
}

export function readFloat(cursor: ReadCursor, end: number): number {
  return cursor.buf.readFloatLE(fixed(cursor, end, 4));
}

export function readDouble(cursor: ReadCursor, end: number): number {
  return cursor.buf.readDoubleLE(fixed(cursor, end, 8));
}

/** A length prefix; answers the offset where the delimited value ends, within `end`. */
export function readLength(cursor: ReadCursor, end: number): number {
  const length = readVarint32(cursor, end);
  const stop = cursor.pos + length;
  if (stop > end) truncated(cursor);
  return stop;
}

/** Length-delimited bytes: a view of the input, as @bufbuild/protobuf gives them. */
export function readBytes(cursor: ReadCursor, end: number): Uint8Array {
  const stop = readLength(cursor, end);
  const start = cursor.pos;
  cursor.pos = stop;
  return cursor.buf.subarray(start, stop);
}

/**
 * Length-delimited UTF-8. `strict` (the field's utf8_validation is VERIFY) refuses invalid UTF-8; otherwise
 * invalid sequences become U+FFFD as a WHATWG decoder makes them. A leading U+FEFF is text, not a mark.
 */
export function readString(cursor: ReadCursor, end: number, strict: boolean): string {
  const stop = readLength(cursor, end);
  const { buf } = cursor;
  const start = cursor.pos;
  if (stop - start < SHORT_STRING) {
    let text = "";
    let pos = start;
    while (pos < stop) {
      const byte = buf[pos]!;
      if (byte > 0x7f) break;
      text += String.fromCharCode(byte);
      pos += 1;
    }
    if (pos === stop) {
      cursor.pos = stop;
      return text;
    }
  }
  cursor.pos = stop;
  const text = buf.toString("utf8", start, stop);
  // Invalid UTF-8 decodes to U+FFFD (as a WHATWG decoder does it), so a text without one was valid.
  if (strict && text.indexOf("\ufffd") >= 0 && !isUtf8(buf.subarray(start, stop))) {
    cursor.pos = start;
    fail(cursor, "invalid UTF-8 in a string field");
  }
  return text;
}

/**
 * Skips the value of a field this message does not read and answers where it started. A group is read
 * to its end-group tag (the same field number), nesting at most `groupsLeft` deep.
 */
export function skipField(cursor: ReadCursor, end: number, tag: number, groupsLeft: number): number {
  const start = cursor.pos;
  switch (tag & 7) {
    case VARINT:
      readVarint32(cursor, end);
      break;
    case BIT64:
      fixed(cursor, end, 8);
      break;
    case BIT32:
      fixed(cursor, end, 4);
      break;
    case LENGTH_DELIMITED:
      cursor.pos = readLength(cursor, end);
      break;
    case START_GROUP:
      skipGroup(cursor, end, tag >>> 3, groupsLeft);
      break;
    default:
      fail(cursor, `end-group tag of field ${tag >>> 3} without its start`);
  }
  return start;
}

/** Reads past a group's fields and its end-group tag, which must name `fieldNo`. */
export function skipGroup(cursor: ReadCursor, end: number, fieldNo: number, groupsLeft: number): void {
  if (groupsLeft <= 0) fail(cursor, "groups nested too deep");
  for (;;) {
    if (cursor.pos >= end) fail(cursor, `group of field ${fieldNo} without its end-group tag`);
    const tag = readTag(cursor, end);
    if ((tag & 7) === END_GROUP) {
      if (tag >>> 3 !== fieldNo) fail(cursor, `end-group tag of field ${tag >>> 3} closes field ${fieldNo}`);
      return;
    }
    skipField(cursor, end, tag, groupsLeft - 1);
  }
}

/** The varint bytes of an int32 (sign-extended to 10 bytes when negative), as protobuf writes one. */
export function int32VarintBytes(value: number): Uint8Array {
  const bytes: number[] = [];
  if (value >= 0) {
    let rest = value;
    while (rest > 0x7f) {
      bytes.push((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    bytes.push(rest);
  } else {
    let rest = BigInt.asUintN(64, BigInt(value));
    while (rest > 0x7fn) {
      bytes.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    bytes.push(Number(rest));
  }
  return Uint8Array.from(bytes);
}
