// Protobuf's wire primitives written straight into a caller's Buffer at a cursor, as the producer's record
// batch wants them: no intermediate Uint8Array per message. Every write checks the room left first and
// throws NoRoom instead of writing past `end`; the caller then retries with a bigger buffer.

/** Thrown when the target has no room left; carries nothing, it never leaves the encoder. */
export class NoRoom extends Error {
  constructor() {
    super("target buffer full");
  }
}

const NO_ROOM = new NoRoom();
const TWO_POW_32 = 4_294_967_296;

/** The target of one encode call: bytes are written at `pos`, never at or past `end`. */
export interface Cursor {
  buf: Buffer;
  pos: number;
  end: number;
}

export function room(cursor: Cursor, bytes: number): void {
  if (cursor.pos + bytes > cursor.end) throw NO_ROOM;
}

/** Bytes a varint of an unsigned 32-bit value takes. */
export function varint32Size(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x20_0000) return 3;
  if (value < 0x1000_0000) return 4;
  return 5;
}

/** An unsigned 32-bit value (0 .. 2^32-1) as a varint. */
export function writeVarint32(cursor: Cursor, value: number): void {
  room(cursor, 5);
  const { buf } = cursor;
  let pos = cursor.pos;
  while (value > 0x7f) {
    buf[pos++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  buf[pos++] = value;
  cursor.pos = pos;
}

/** A 64-bit value given as its low and high 32 bits (both unsigned), as a varint of up to 10 bytes. */
export function writeVarint64(cursor: Cursor, lo: number, hi: number): void {
  room(cursor, 10);
  const { buf } = cursor;
  let pos = cursor.pos;
  while (hi > 0 || lo > 0x7f) {
    buf[pos++] = (lo & 0x7f) | 0x80;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  buf[pos++] = lo;
  cursor.pos = pos;
}

/** A signed 32-bit value as int32 encodes it: negative ones sign-extended to ten bytes. */
export function writeInt32(cursor: Cursor, value: number): void {
  if (value >= 0) writeVarint32(cursor, value);
  else writeVarint64(cursor, value >>> 0, 0xffff_ffff);
}

/** The low and high 32 bits of a 64-bit two's complement bigint, unsigned. */
export function split64(value: bigint): [number, number] {
  const unsigned = BigInt.asUintN(64, value);
  const lo = Number(unsigned & 0xffff_ffffn);
  return [lo, Number(unsigned >> 32n)];
}

/** A non-negative safe integer's low and high 32 bits, without going through bigint. */
export function splitSafe(value: number): [number, number] {
  return [value >>> 0, Math.floor(value / TWO_POW_32) >>> 0];
}

export function writeBytes(cursor: Cursor, bytes: Uint8Array): void {
  writeVarint32(cursor, bytes.length);
  room(cursor, bytes.length);
  cursor.buf.set(bytes, cursor.pos);
  cursor.pos += bytes.length;
}

/**
 * A length-prefixed UTF-8 string. ASCII is copied char by char; anything else goes through Buffer.write
 * after a prefix sized for the worst case (3 bytes per UTF-16 unit), moved back when the text is shorter.
 * Lone surrogates become U+FFFD, as TextEncoder (and so @bufbuild/protobuf) writes them.
 */
export function writeString(cursor: Cursor, text: string): void {
  const length = text.length;
  const worst = length * 3;
  const prefix = varint32Size(worst);
  room(cursor, prefix + worst);
  const { buf } = cursor;
  const start = cursor.pos + prefix;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) break;
    buf[start + i] = code;
    i += 1;
  }
  const written = i === length ? length : i + buf.write(text.slice(i), start + i, "utf8");
  const actual = varint32Size(written);
  if (actual !== prefix) buf.copyWithin(cursor.pos + actual, start, start + written);
  writeVarint32(cursor, written);
  cursor.pos += written;
}

/**
 * Starts a length-delimited value: reserves one byte for its length and answers where it starts. The
 * value is written after it, then finishDelimited writes the length (moving the value when it needs more).
 */
export function startDelimited(cursor: Cursor): number {
  room(cursor, 1);
  cursor.pos += 1;
  return cursor.pos;
}

export function finishDelimited(cursor: Cursor, start: number): void {
  const length = cursor.pos - start;
  if (length < 0x80) {
    cursor.buf[start - 1] = length;
    return;
  }
  const size = varint32Size(length);
  room(cursor, size - 1);
  cursor.buf.copyWithin(start - 1 + size, start, cursor.pos);
  cursor.pos = start - 1;
  writeVarint32(cursor, length);
  cursor.pos += length;
}
