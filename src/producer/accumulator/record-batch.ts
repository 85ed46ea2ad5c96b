import type { TransportRecord } from "../transport/transport.js";

/** Where a record's promise settles: its offset and timestamp, or the batch's error. */
export interface RecordAck {
  readonly offset: string;
  readonly timestamp: number;
}

/** A record waiting in a batch, with the callbacks of the send that made it. */
export interface PendingRecord {
  readonly record: TransportRecord;
  /** Bytes counted against batch size and buffer memory. */
  readonly sizeBytes: number;
  /** When send() accepted it (clock milliseconds): the delivery timeout counts from here. */
  readonly acceptedAt: number;
  readonly resolve: (ack: RecordAck) => void;
  readonly reject: (error: Error) => void;
}

/** The records of one topic-partition that go out in one produce request, in send order. */
export class RecordBatch {
  readonly records: PendingRecord[] = [];
  sizeBytes = 0;
  /** Cancels the linger timer while the batch is open. */
  cancelLinger: (() => void) | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly createdAt: number,
  ) {}

  add(record: PendingRecord): void {
    this.records.push(record);
    this.sizeBytes += record.sizeBytes;
  }

  /** The oldest record's accept time: the batch expires with it. */
  get oldestAcceptedAt(): number {
    return this.records[0]?.acceptedAt ?? this.createdAt;
  }
}
