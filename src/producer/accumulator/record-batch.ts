import type { RecordMetadata } from "../record-metadata.js";
import type { TransportRecord } from "../transport/transport.js";

/** A record waiting in a batch, with the settle functions of the send that made it. */
export interface PendingRecord {
  readonly record: TransportRecord;
  /** Bytes counted against batch size and buffer memory. */
  readonly sizeBytes: number;
  /** When send() accepted it (clock milliseconds): the delivery timeout counts from here. */
  readonly acceptedAt: number;
  /** The value's schema id, for its RecordMetadata. */
  readonly schemaId: number;
  readonly resolve: (metadata: RecordMetadata) => void;
  readonly reject: (error: Error) => void;
}

/** The records of one topic-partition that go out in one produce request, in send order. */
export class RecordBatch {
  readonly records: PendingRecord[] = [];
  sizeBytes = 0;
  /** Cancels the linger timer while the batch is open. */
  cancelLinger: (() => void) | undefined;
  /** When its produce request was sent (clock milliseconds); undefined until then. */
  sentAt: number | undefined;
  /** Its linger ran out while the partition had a batch in flight: it goes when that one is done. */
  lingered = false;
  /** Resolves once every record of the batch has settled (what flush waits for). */
  readonly settled: Promise<void>;
  readonly markSettled: () => void;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly createdAt: number,
  ) {
    let markSettled = (): void => undefined;
    this.settled = new Promise<void>((resolve) => (markSettled = resolve));
    this.markSettled = markSettled;
  }

  add(record: PendingRecord): void {
    this.records.push(record);
    this.sizeBytes += record.sizeBytes;
  }

  /** The oldest record's accept time: the batch expires with it. */
  get oldestAcceptedAt(): number {
    return this.records[0]?.acceptedAt ?? this.createdAt;
  }
}
