import { KafkaProtocolError } from "../../../../errors/index.js";

/**
 * Bounds-checked reads of Kafka protocol primitives from a broker's bytes. Every length and count is
 * checked against the bytes that remain before anything is allocated or looped over, so truncated or
 * hostile input fails with a KafkaProtocolError naming the field, never a hang or a huge allocation.
 */
export class ProtocolReader {
  readonly #buffer: Buffer;
  #offset: number;
  readonly #end: number;
  /** What is being read, for error messages (e.g. "Produce response"). */
  readonly #what: string;

  constructor(buffer: Buffer, what: string, offset = 0, end = buffer.length) {
    this.#buffer = buffer;
    this.#offset = offset;
    this.#end = end;
    this.#what = what;
  }

  get offset(): number {
    return this.#offset;
  }

  get remaining(): number {
    return this.#end - this.#offset;
  }

  #need(bytes: number, field: string): void {
    if (bytes > this.#end - this.#offset)
      throw new KafkaProtocolError(
        `${this.#what} ${field}`,
        `needs ${bytes} bytes at offset ${this.#offset}, ${this.#end - this.#offset} remain`,
      );
  }

  fail(field: string, detail: string): never {
    throw new KafkaProtocolError(`${this.#what} ${field}`, detail);
  }

  int8(field: string): number {
    this.#need(1, field);
    const value = this.#buffer.readInt8(this.#offset);
    this.#offset += 1;
    return value;
  }

  int16(field: string): number {
    this.#need(2, field);
    const value = this.#buffer.readInt16BE(this.#offset);
    this.#offset += 2;
    return value;
  }

  int32(field: string): number {
    this.#need(4, field);
    const value = this.#buffer.readInt32BE(this.#offset);
    this.#offset += 4;
    return value;
  }

  uint32(field: string): number {
    this.#need(4, field);
    const value = this.#buffer.readUInt32BE(this.#offset);
    this.#offset += 4;
    return value;
  }

  int64(field: string): bigint {
    this.#need(8, field);
    const value = this.#buffer.readBigInt64BE(this.#offset);
    this.#offset += 8;
    return value;
  }

  boolean(field: string): boolean {
    return this.int8(field) !== 0;
  }

  /** Unsigned varint of at most 5 bytes (flexible versions use them for lengths, counts and tags). */
  uvarint(field: string): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      this.#need(1, field);
      const byte = this.#buffer[this.#offset++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (value > 0xffffffff) this.fail(field, "unsigned varint over 32 bits");
        return value;
      }
    }
    return this.fail(field, "unsigned varint longer than 5 bytes");
  }

  /** Zig-zag varlong of at most 10 bytes, as a number (exact up to 2^53). */
  varint(field: string): number {
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      this.#need(1, field);
      const byte = this.#buffer[this.#offset++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
    }
    return this.fail(field, "varint longer than 10 bytes");
  }

  #utf8(length: number, field: string): string {
    this.#need(length, field);
    const value = this.#buffer.toString("utf8", this.#offset, this.#offset + length);
    this.#offset += length;
    return value;
  }

  string(field: string): string {
    const value = this.nullableString(field);
    return value ?? this.fail(field, "null where a string is required");
  }

  nullableString(field: string): string | null {
    const length = this.int16(field);
    if (length < -1) this.fail(field, `string length ${length}`);
    return length === -1 ? null : this.#utf8(length, field);
  }

  compactNullableString(field: string): string | null {
    const lengthPlusOne = this.uvarint(field);
    return lengthPlusOne === 0 ? null : this.#utf8(lengthPlusOne - 1, field);
  }

  compactString(field: string): string {
    return this.compactNullableString(field) ?? this.fail(field, "null where a string is required");
  }

  /** int32-length bytes, as a view of the input (null for length -1). */
  nullableBytes(field: string): Buffer | null {
    const length = this.int32(field);
    if (length < -1) this.fail(field, `bytes length ${length}`);
    if (length === -1) return null;
    return this.rawBytes(length, field);
  }

  bytes(field: string): Buffer {
    return this.nullableBytes(field) ?? this.fail(field, "null where bytes are required");
  }

  compactBytes(field: string): Buffer {
    const lengthPlusOne = this.uvarint(field);
    if (lengthPlusOne === 0) this.fail(field, "null where bytes are required");
    return this.rawBytes(lengthPlusOne - 1, field);
  }

  rawBytes(length: number, field: string): Buffer {
    this.#need(length, field);
    const value = this.#buffer.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return value;
  }

  /**
   * An int32-counted array (-1 reads as empty). The count is bounded by the bytes left, at
   * `minElementBytes` per element, before any element is read.
   */
  array<T>(field: string, minElementBytes: number, element: (reader: this, index: number) => T): T[] {
    const count = this.int32(field);
    if (count === -1) return [];
    return this.#elements(count, field, minElementBytes, element);
  }

  /** A flexible version's array: uvarint count + 1 (0 reads as empty). */
  compactArray<T>(field: string, minElementBytes: number, element: (reader: this, index: number) => T): T[] {
    const countPlusOne = this.uvarint(field);
    if (countPlusOne === 0) return [];
    return this.#elements(countPlusOne - 1, field, minElementBytes, element);
  }

  #elements<T>(
    count: number,
    field: string,
    minElementBytes: number,
    element: (reader: this, index: number) => T,
  ): T[] {
    if (count < 0) this.fail(field, `array count ${count}`);
    if (count * Math.max(1, minElementBytes) > this.remaining)
      this.fail(field, `array count ${count} cannot fit in the ${this.remaining} bytes that remain`);
    const values: T[] = [];
    for (let index = 0; index < count; index += 1) values.push(element(this, index));
    return values;
  }

  /** Skips a flexible version's tagged fields (we read none of them). */
  skipTaggedFields(field: string): void {
    const count = this.uvarint(`${field} tag count`);
    if (count > this.remaining) this.fail(field, `${count} tagged fields cannot fit in ${this.remaining} bytes`);
    for (let index = 0; index < count; index += 1) {
      this.uvarint(`${field} tag`);
      const size = this.uvarint(`${field} tag size`);
      this.rawBytes(size, `${field} tag value`);
    }
  }
}
