import type { ValueEncoder } from "../../../serde/value-encoder.js";
import type { BatchBuilder } from "../transport.js";
import { RecordBatchBuilder } from "./record-batch/record-batch-builder.js";

// Room past the batch size for the record that closes a batch. The buffer is allocated unzeroed: pages
// that records never reach cost no memory, so a full-size buffer per open batch is cheap, and growing one
// (a copy of everything so far at each doubling) is left to batches of one large record.
const CLOSING_RECORD_ALLOWANCE_BYTES = 4 * 1024;
const MAX_INITIAL_BYTES = 1024 * 1024 + CLOSING_RECORD_ALLOWANCE_BYTES;

/** One partition's open batch on the wire transport: records are encoded into RecordBatch v2 as they come. */
export class WireBatch implements BatchBuilder {
  readonly builder: RecordBatchBuilder;

  constructor(
    readonly topic: string,
    readonly partition: number,
    sizeHintBytes: number,
  ) {
    this.builder = new RecordBatchBuilder(Math.min(MAX_INITIAL_BYTES, sizeHintBytes + CLOSING_RECORD_ALLOWANCE_BYTES));
  }

  get count(): number {
    return this.builder.count;
  }

  get sizeBytes(): number {
    return this.builder.sizeInBytes;
  }

  append(
    key: Buffer | null,
    headers: Readonly<Record<string, Buffer | string>> | undefined,
    timestamp: number,
    encoder: ValueEncoder,
    value: unknown,
  ): number {
    return this.builder.appendWith(key, headers, timestamp, encoder, value);
  }

  removeLast(): void {
    this.builder.removeLast();
  }
}
