/**
 * Kafka protocol primitives written into one growing buffer (big-endian integers, int16-length strings,
 * int32-length bytes, zig-zag varints of record batches, unsigned varints of flexible versions). The
 * buffer doubles when full, so a request is built without a Buffer per field.
 */
export class ProtocolWriter {
  #buffer: Buffer;
  #offset = 0;
  /** Buffers written by reference: each goes out after the internal bytes up to `at`. */
  readonly #references: { readonly at: number; readonly buffer: Buffer }[] = [];
  #referencedBytes = 0;

  constructor(initialCapacity = 256) {
    this.#buffer = Buffer.allocUnsafe(Math.max(16, initialCapacity));
  }

  /** Bytes written so far, referenced buffers included. */
  get length(): number {
    return this.#offset + this.#referencedBytes;
  }

  /** Makes room for `bytes` more bytes. */
  ensure(bytes: number): void {
    const needed = this.#offset + bytes;
    if (needed <= this.#buffer.length) return;
    let capacity = this.#buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    this.#buffer.copy(grown, 0, 0, this.#offset);
    this.#buffer = grown;
  }

  int8(value: number): this {
    this.ensure(1);
    this.#offset = this.#buffer.writeInt8(value, this.#offset);
    return this;
  }

  int16(value: number): this {
    this.ensure(2);
    this.#offset = this.#buffer.writeInt16BE(value, this.#offset);
    return this;
  }

  int32(value: number): this {
    this.ensure(4);
    this.#offset = this.#buffer.writeInt32BE(value, this.#offset);
    return this;
  }

  uint32(value: number): this {
    this.ensure(4);
    this.#offset = this.#buffer.writeUInt32BE(value, this.#offset);
    return this;
  }

  int64(value: bigint): this {
    this.ensure(8);
    this.#offset = this.#buffer.writeBigInt64BE(value, this.#offset);
    return this;
  }

  boolean(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  /** Unsigned varint (flexible versions' lengths and tag counts), 0 <= value < 2^53. */
  uvarint(value: number): this {
    this.ensure(10);
    let rest = value;
    while (rest >= 0x80) {
      this.#buffer[this.#offset++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.#buffer[this.#offset++] = rest;
    return this;
  }

  /** Zig-zag varint or varlong (record fields), |value| < 2^52. */
  varint(value: number): this {
    return this.uvarint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  /** int16 length, then UTF-8. */
  string(value: string): this {
    const length = Buffer.byteLength(value);
    this.int16(length);
    this.ensure(length);
    this.#offset += this.#buffer.write(value, this.#offset, length, "utf8");
    return this;
  }

  /** int16 length (-1 for null), then UTF-8. */
  nullableString(value: string | null): this {
    return value === null ? this.int16(-1) : this.string(value);
  }

  /** uvarint length + 1 (0 for null), then UTF-8: flexible versions. */
  compactNullableString(value: string | null): this {
    if (value === null) return this.uvarint(0);
    const length = Buffer.byteLength(value);
    this.uvarint(length + 1);
    this.ensure(length);
    this.#offset += this.#buffer.write(value, this.#offset, length, "utf8");
    return this;
  }

  compactString(value: string): this {
    return this.compactNullableString(value);
  }

  /** int32 length, then the bytes. */
  bytes(value: Uint8Array): this {
    this.int32(value.length);
    return this.raw(value);
  }

  /**
   * int32 length, then the bytes by reference: not copied, written to the socket from where they are
   * (a record batch of up to a megabyte goes out without a copy into the request).
   */
  bytesByReference(value: Buffer): this {
    this.int32(value.length);
    this.#references.push({ at: this.#offset, buffer: value });
    this.#referencedBytes += value.length;
    return this;
  }

  /** uvarint length + 1, then the bytes: flexible versions. */
  compactBytes(value: Uint8Array): this {
    this.uvarint(value.length + 1);
    return this.raw(value);
  }

  /** An empty tagged-field section (flexible versions): we send no tagged fields. */
  emptyTaggedFields(): this {
    return this.uvarint(0);
  }

  /** The bytes as they are, no length. */
  raw(value: Uint8Array): this {
    this.ensure(value.length);
    this.#buffer.set(value, this.#offset);
    this.#offset += value.length;
    return this;
  }

  /** Overwrites an int32 written earlier, before any buffer written by reference (a frame's size). */
  patchInt32(offset: number, value: number): void {
    this.#buffer.writeInt32BE(value, offset);
  }

  /** The bytes written, in order: views of the internal buffer and the referenced buffers. */
  segments(): Buffer[] {
    const segments: Buffer[] = [];
    let from = 0;
    for (const { at, buffer } of this.#references) {
      if (at > from) segments.push(this.#buffer.subarray(from, at));
      segments.push(buffer);
      from = at;
    }
    if (this.#offset > from || segments.length === 0) segments.push(this.#buffer.subarray(from, this.#offset));
    return segments;
  }

  /** The bytes written as one buffer (a view of the internal buffer when nothing was referenced). */
  view(): Buffer {
    return this.#references.length === 0 ? this.#buffer.subarray(0, this.#offset) : Buffer.concat(this.segments());
  }
}
