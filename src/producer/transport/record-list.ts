import { type FramedWriter, ScratchBuffer } from "../../serde/scratch-buffer.js";
import type { ValueEncoder } from "../../serde/value-encoder.js";
import type { BatchBuilder, TransportBatch, TransportRecord } from "./transport.js";

// Java's DefaultRecordBatch overhead (61 bytes), and what a record's own framing costs at most (21 bytes
// of varints and attributes) beyond its key, value and headers: sizes as a produce request counts them.
const BATCH_OVERHEAD_BYTES = 61;
const RECORD_OVERHEAD_BYTES = 21;
const HEADER_OVERHEAD_BYTES = 10;

// One scratch for every list: values are copied out of it at once, so it never holds a record for long.
const scratch = new ScratchBuffer();
const writeWith: FramedWriter<ValueEncoder> = (encoder, value, target, offset) =>
  encoder.encodeInto(value, target, offset);

/**
 * A batch as a list of records, each value in a Buffer of its own: for transports that take records
 * rather than encoded batches (kafkajs, a custom one, test fakes). It is also the TransportBatch they get.
 */
export class RecordList implements BatchBuilder, TransportBatch {
  readonly records: TransportRecord[] = [];
  #sizeBytes = BATCH_OVERHEAD_BYTES;

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  get count(): number {
    return this.records.length;
  }

  get sizeBytes(): number {
    return this.#sizeBytes;
  }

  append(
    key: Buffer | null,
    headers: Readonly<Record<string, Buffer | string>> | undefined,
    timestamp: number,
    encoder: ValueEncoder,
    value: unknown,
  ): number {
    const serialized = scratch.copyOut(encoder, value, writeWith);
    const record: TransportRecord = { key, value: serialized, headers, timestamp };
    const bytes = recordBytes(record);
    this.records.push(record);
    this.#sizeBytes += bytes;
    return bytes;
  }

  removeLast(): void {
    const record = this.records.pop();
    if (record !== undefined) this.#sizeBytes -= recordBytes(record);
  }
}

function recordBytes(record: TransportRecord): number {
  let bytes = RECORD_OVERHEAD_BYTES + (record.key?.length ?? 0) + record.value.length;
  if (record.headers !== undefined) {
    for (const [name, value] of Object.entries(record.headers))
      bytes += Buffer.byteLength(name) + Buffer.byteLength(value) + HEADER_OVERHEAD_BYTES;
  }
  return bytes;
}
