import { crc32c } from "@node-rs/crc32";
import type { CompressionName } from "../../../producer-options.js";
import { compressRecords } from "./batch-compression.js";
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
    if (this.#finished) throw new Error("RecordBatchBuilder.append after finish");
    if (this.#count === 0) this.#baseTimestamp = timestamp;
    if (timestamp > this.#maxTimestamp) this.#maxTimestamp = timestamp;
    const timestampDelta = timestamp - this.#baseTimestamp;
    const offsetDelta = this.#count;
    const keyLength = key === null ? -1 : key.length;
    const valueLength = value === null ? -1 : value.length;
    const headerKeys = headers === undefined ? [] : Object.keys(headers);
    let headerBytes = varintSize(headerKeys.length);
    for (const name of headerKeys) {
      const headerValue = (headers as Readonly<Record<string, HeaderValue>>)[name] as HeaderValue;
      const nameLength = Buffer.byteLength(name);
      const valueBytes = typeof headerValue === "string" ? Buffer.byteLength(headerValue) : headerValue.length;
      headerBytes += varintSize(nameLength) + nameLength + varintSize(valueBytes) + valueBytes;
    }
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
    buffer[offset++] = 0; // record attributes: unused
    offset = writeVarint(buffer, offset, timestampDelta);
    offset = writeVarint(buffer, offset, offsetDelta);
    offset = writeVarint(buffer, offset, keyLength);
    if (key !== null) offset += key.copy(buffer, offset);
    offset = writeVarint(buffer, offset, valueLength);
    if (value !== null) offset += value.copy(buffer, offset);
    offset = writeVarint(buffer, offset, headerKeys.length);
    for (const name of headerKeys) {
      const headerValue = (headers as Readonly<Record<string, HeaderValue>>)[name] as HeaderValue;
      const nameLength = Buffer.byteLength(name);
      offset = writeVarint(buffer, offset, nameLength);
      offset += buffer.write(name, offset, nameLength, "utf8");
      if (typeof headerValue === "string") {
        const valueBytes = Buffer.byteLength(headerValue);
        offset = writeVarint(buffer, offset, valueBytes);
        offset += buffer.write(headerValue, offset, valueBytes, "utf8");
      } else {
        offset = writeVarint(buffer, offset, headerValue.length);
        offset += headerValue.copy(buffer, offset);
      }
    }
    this.#offset = offset;
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
