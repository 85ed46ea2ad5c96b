import { crc32c } from "@node-rs/crc32";
import type { CompressionName } from "../../../producer-options.js";
import type { ValueEncoder } from "../../../../serde/value-encoder.js";
import { compressRecords } from "./batch-compression.js";
import { decodeRecords } from "./split-records.js";
import {
  ATTRIBUTES,
  BASE_OFFSET,
  BASE_SEQUENCE,
  BASE_TIMESTAMP,
  BATCH_LENGTH,
  COMPRESSION_ATTRIBUTE,
  CRC,
  LAST_OFFSET_DELTA,
  MAGIC,
  MAGIC_V2,
  MAX_TIMESTAMP,
  PARTITION_LEADER_EPOCH,
  PRODUCER_EPOCH,
  PRODUCER_ID,
  RECORD_COUNT,
  RECORDS,
  TIMESTAMP_TYPE_LOG_APPEND,
} from "./record-batch-layout.js";
import { varintSize, writeVarint } from "./varint.js";

/** A record header's value: bytes, or a string written as UTF-8. */
export type HeaderValue = Buffer | string;

/** The idempotent producer's fields of a batch; NO_PRODUCER_STATE when idempotence is off. */
export interface ProducerState {
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly baseSequence: number;
}

export const NO_PRODUCER_STATE: ProducerState = Object.freeze({ producerId: -1n, producerEpoch: -1, baseSequence: -1 });

export interface FinishOptions {
  readonly compression: CompressionName;
  /**
   * The producer fields; undefined leaves them and the CRC to `rewriteProducerState`, so an idempotent
   * batch, numbered only when first sent, has its CRC computed once.
   */
  readonly producer: ProducerState | undefined;
  /** The topic's timestamp type as the producer states it; brokers overwrite it for LogAppendTime topics. */
  readonly logAppendTime?: boolean;
}

/**
 * Builds one RecordBatch v2 in one growing buffer: `append` writes each record's bytes straight after
 * the header space (no Buffer per record), `finish` fills in the header (lengths, counts, timestamps,
 * producer fields), compresses the records if asked, and computes the CRC-32C over attributes..end.
 */
export class RecordBatchBuilder {
  #buffer: Buffer;
  #offset = RECORDS;
  #count = 0;
  #baseTimestamp = 0;
  #maxTimestamp = -1;
  #finished = false;
  // Where the last record starts and the max timestamp before it: what removeLast restores.
  #lastStart = -1;
  #lastMaxTimestamp = -1;

  constructor(initialCapacity = 16_384) {
    this.#buffer = Buffer.allocUnsafe(Math.max(RECORDS + 64, initialCapacity));
  }

  /** Records appended. */
  get count(): number {
    return this.#count;
  }

  /** Bytes of the batch so far, header included, before compression. */
  get sizeInBytes(): number {
    return this.#offset;
  }

  #ensure(bytes: number): void {
    const needed = this.#offset + bytes;
    if (needed <= this.#buffer.length) return;
    let capacity = this.#buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    this.#buffer.copy(grown, 0, 0, this.#offset);
    this.#buffer = grown;
  }

  /** Appends one record; its offset in the batch is the number of records before it. */
  append(
    key: Buffer | null,
    value: Buffer | null,
    headers: Readonly<Record<string, HeaderValue>> | undefined,
    timestamp: number,
  ): void {
    const timestampDelta = this.#nextTimestampDelta(timestamp);
    const offsetDelta = this.#count;
    const keyLength = key === null ? -1 : key.length;
    const valueLength = value === null ? -1 : value.length;
    const headerKeys = headers === undefined ? NO_HEADERS : Object.keys(headers);
    const headerBytes = headersSize(headerKeys, headers);
    const bodyLength =
      1 +
      varintSize(timestampDelta) +
      varintSize(offsetDelta) +
      varintSize(keyLength) +
      Math.max(0, keyLength) +
      varintSize(valueLength) +
      Math.max(0, valueLength) +
      headerBytes;
    this.#ensure(5 + bodyLength);
    const buffer = this.#buffer;
    let offset = writeVarint(buffer, this.#offset, bodyLength);
    offset = writeRecordPrefix(buffer, offset, timestampDelta, offsetDelta, key);
    offset = writeVarint(buffer, offset, valueLength);
    if (value !== null) offset += value.copy(buffer, offset);
    this.#commit(this.#offset, writeHeaders(buffer, offset, headerKeys, headers), timestamp);
  }

  /**
   * Appends one record whose value the encoder writes straight into the batch's buffer, and answers the
   * bytes the record added. Room for the two length varints in front of the value is reserved at their
   * widest, and the value and headers are moved back by what was not needed: one move within the buffer,
   * no Buffer per record. An encoder that finds no room is asked again after the buffer doubled. When the
   * encoder throws, the batch is left as it was.
   */
  appendWith(
    key: Buffer | null,
    headers: Readonly<Record<string, HeaderValue>> | undefined,
    timestamp: number,
    encoder: ValueEncoder,
    value: unknown,
  ): number {
    if (this.#finished) throw new Error("RecordBatchBuilder.append after finish");
    const timestampDelta = this.#count === 0 ? 0 : timestamp - this.#baseTimestamp;
    const offsetDelta = this.#count;
    const keyLength = key === null ? -1 : key.length;
    const headerKeys = headers === undefined ? NO_HEADERS : Object.keys(headers);
    const headerBytes = headersSize(headerKeys, headers);
    const prefixBytes =
      1 + varintSize(timestampDelta) + varintSize(offsetDelta) + varintSize(keyLength) + Math.max(0, keyLength);
    const start = this.#offset;
    const valueAt = start + MAX_VARINT32_BYTES + prefixBytes + MAX_VARINT32_BYTES;
    this.#ensure(valueAt - start + headerBytes + 64);
    let valueEnd = encoder.encodeInto(value, this.#buffer, valueAt);
    while (valueEnd < 0 || valueEnd + headerBytes > this.#buffer.length) {
      // A negative answer is minus the bytes missing (or just "no room": the buffer then doubles).
      const needed = (valueEnd < 0 ? this.#buffer.length - valueEnd : valueEnd) + headerBytes;
      this.#ensure(needed - start);
      valueEnd = encoder.encodeInto(value, this.#buffer, valueAt);
    }
    const buffer = this.#buffer;
    const valueLength = valueEnd - valueAt;
    const headersEnd = writeHeaders(buffer, valueEnd, headerKeys, headers);
    const bodyLength = prefixBytes + varintSize(valueLength) + valueLength + headerBytes;
    const moveTo = start + varintSize(bodyLength) + prefixBytes + varintSize(valueLength);
    if (moveTo !== valueAt) buffer.copyWithin(moveTo, valueAt, headersEnd);
    let offset = writeVarint(buffer, start, bodyLength);
    offset = writeRecordPrefix(buffer, offset, timestampDelta, offsetDelta, key);
    writeVarint(buffer, offset, valueLength);
    this.#commit(start, moveTo + valueLength + headerBytes, timestamp);
    return this.#offset - start;
  }

  /** Takes the last record appended back out; only one (what a batch that turned out too full needs). */
  removeLast(): void {
    if (this.#finished || this.#lastStart < 0) throw new Error("RecordBatchBuilder.removeLast: nothing to remove");
    this.#offset = this.#lastStart;
    this.#maxTimestamp = this.#lastMaxTimestamp;
    this.#count -= 1;
    this.#lastStart = -1;
  }

  /**
   * Two builders holding the first and the second half of this one's records, in order, each renumbered
   * from offset 0 (the batch the broker refused as too large goes again as two). Only after `finish`,
   * whose records stay in this builder uncompressed.
   */
  split(): [RecordBatchBuilder, RecordBatchBuilder] {
    if (this.#count < 2) throw new Error("RecordBatchBuilder.split: fewer than two records");
    const records = decodeRecords(this.#buffer.subarray(RECORDS, this.#offset), this.#count, this.#baseTimestamp);
    const middle = Math.ceil(records.length / 2);
    const halves = [records.slice(0, middle), records.slice(middle)].map((half) => {
      const builder = new RecordBatchBuilder(RECORDS + Math.ceil((this.#offset - RECORDS) / 2) + 1_024);
      for (const record of half) builder.append(record.key, record.value, record.headers, record.timestamp);
      return builder;
    });
    return halves as [RecordBatchBuilder, RecordBatchBuilder];
  }

  #nextTimestampDelta(timestamp: number): number {
    if (this.#finished) throw new Error("RecordBatchBuilder.append after finish");
    return this.#count === 0 ? 0 : timestamp - this.#baseTimestamp;
  }

  // The record is in: counts and timestamps change only now, so a record that failed to encode leaves no trace.
  #commit(start: number, end: number, timestamp: number): void {
    this.#lastStart = start;
    this.#lastMaxTimestamp = this.#maxTimestamp;
    if (this.#count === 0) this.#baseTimestamp = timestamp;
    if (timestamp > this.#maxTimestamp) this.#maxTimestamp = timestamp;
    this.#offset = end;
    this.#count += 1;
  }

  /**
   * The encoded batch. Synchronous without compression (a view of the builder's buffer); a compressed
   * batch is a new buffer. The builder accepts no more records afterwards.
   */
  finish(options: FinishOptions): Buffer | Promise<Buffer> {
    if (this.#count === 0) throw new Error("RecordBatchBuilder.finish with no records");
    this.#finished = true;
    const attributes =
      COMPRESSION_ATTRIBUTE[options.compression] | (options.logAppendTime === true ? TIMESTAMP_TYPE_LOG_APPEND : 0);
    const { producer } = options;
    this.#writeHeader(this.#buffer, attributes, producer ?? NO_PRODUCER_STATE);
    if (options.compression === "none") {
      const batch = this.#buffer.subarray(0, this.#offset);
      return sealBatch(batch, producer !== undefined);
    }
    return compressRecords(options.compression, this.#buffer.subarray(RECORDS, this.#offset)).then((compressed) => {
      const batch = Buffer.allocUnsafe(RECORDS + compressed.length);
      this.#buffer.copy(batch, 0, 0, RECORDS);
      compressed.copy(batch, RECORDS);
      return sealBatch(batch, producer !== undefined);
    });
  }

  #writeHeader(buffer: Buffer, attributes: number, producer: ProducerState): void {
    buffer.writeBigInt64BE(0n, BASE_OFFSET);
    buffer.writeInt32BE(-1, PARTITION_LEADER_EPOCH);
    buffer.writeInt8(MAGIC_V2, MAGIC);
    buffer.writeInt16BE(attributes, ATTRIBUTES);
    buffer.writeInt32BE(this.#count - 1, LAST_OFFSET_DELTA);
    buffer.writeBigInt64BE(BigInt(this.#baseTimestamp), BASE_TIMESTAMP);
    buffer.writeBigInt64BE(BigInt(this.#maxTimestamp), MAX_TIMESTAMP);
    buffer.writeBigInt64BE(producer.producerId, PRODUCER_ID);
    buffer.writeInt16BE(producer.producerEpoch, PRODUCER_EPOCH);
    buffer.writeInt32BE(producer.baseSequence, BASE_SEQUENCE);
    buffer.writeInt32BE(this.#count, RECORD_COUNT);
  }
}

const NO_HEADERS: readonly string[] = [];
const MAX_VARINT32_BYTES = 5;

function headersSize(names: readonly string[], headers: Readonly<Record<string, HeaderValue>> | undefined): number {
  let bytes = varintSize(names.length);
  for (const name of names) {
    const value = (headers as Readonly<Record<string, HeaderValue>>)[name] as HeaderValue;
    const nameLength = Buffer.byteLength(name);
    const valueLength = typeof value === "string" ? Buffer.byteLength(value) : value.length;
    bytes += varintSize(nameLength) + nameLength + varintSize(valueLength) + valueLength;
  }
  return bytes;
}

/** Attributes, timestamp delta, offset delta and key of a record; returns the offset after them. */
function writeRecordPrefix(
  buffer: Buffer,
  at: number,
  timestampDelta: number,
  offsetDelta: number,
  key: Buffer | null,
): number {
  buffer[at] = 0; // record attributes: unused
  let offset = writeVarint(buffer, at + 1, timestampDelta);
  offset = writeVarint(buffer, offset, offsetDelta);
  offset = writeVarint(buffer, offset, key === null ? -1 : key.length);
  return key === null ? offset : offset + key.copy(buffer, offset);
}

/** A record's header count and headers (varint-length name, varint-length value); returns the offset after. */
function writeHeaders(
  buffer: Buffer,
  at: number,
  names: readonly string[],
  headers: Readonly<Record<string, HeaderValue>> | undefined,
): number {
  let offset = writeVarint(buffer, at, names.length);
  for (const name of names) {
    const value = (headers as Readonly<Record<string, HeaderValue>>)[name] as HeaderValue;
    const nameLength = Buffer.byteLength(name);
    offset = writeVarint(buffer, offset, nameLength);
    offset += buffer.write(name, offset, nameLength, "utf8");
    if (typeof value === "string") {
      const valueLength = Buffer.byteLength(value);
      offset = writeVarint(buffer, offset, valueLength);
      offset += buffer.write(value, offset, valueLength, "utf8");
    } else {
      offset = writeVarint(buffer, offset, value.length);
      offset += value.copy(buffer, offset);
    }
  }
  return offset;
}

/** Writes the batch length and (unless the producer fields come later) the CRC-32C of attributes..end. */
function sealBatch(batch: Buffer, withCrc: boolean): Buffer {
  batch.writeInt32BE(batch.length - PARTITION_LEADER_EPOCH, BATCH_LENGTH);
  batch.writeUInt32BE(withCrc ? crc32c(batch.subarray(ATTRIBUTES)) : 0, CRC);
  return batch;
}

/**
 * Rewrites the producer id, epoch and base sequence of an encoded batch and its CRC: a batch retried
 * after the producer's epoch was bumped keeps its records and gets new sequence numbers.
 */
export function rewriteProducerState(batch: Buffer, producer: ProducerState): void {
  batch.writeBigInt64BE(producer.producerId, PRODUCER_ID);
  batch.writeInt16BE(producer.producerEpoch, PRODUCER_EPOCH);
  batch.writeInt32BE(producer.baseSequence, BASE_SEQUENCE);
  batch.writeUInt32BE(crc32c(batch.subarray(ATTRIBUTES)), CRC);
}
