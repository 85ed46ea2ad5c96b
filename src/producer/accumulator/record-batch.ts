import type { RecordMetadata } from "../record-metadata.js";
import type { BatchBuilder, TransportAck, TransportAckSegment } from "../transport/transport.js";

/** Who hears how a record's send ended: one object per send at most, none for counted or fire-and-forget sends. */
export interface DeliveryListener {
  /** The record at `index` of `batch` is stored; `batch.metadataOf(index)` tells where. */
  delivered(batch: RecordBatch, index: number): void;
  failed(error: Error): void;
}

/**
 * The records of one topic-partition that go out in one produce request, in send order: their encoded
 * bytes live in the transport's builder; the batch keeps only what settling them needs, in flat arrays
 * (no object per record).
 */
export class RecordBatch {
  readonly listeners: DeliveryListener[] = [];
  readonly #timestamps: number[] = [];
  readonly #schemaIds: number[] = [];
  /** Bytes charged to buffer memory for its records (released when it settles). */
  chargedBytes = 0;
  /** When send() accepted its first record (clock milliseconds): the delivery timeout counts from here. */
  firstAcceptedAt: number | undefined;
  /** Cancels the linger timer while the batch is open. */
  cancelLinger: (() => void) | undefined;
  /** When its produce request was sent (clock milliseconds); undefined until then. */
  sentAt: number | undefined;
  /** Its linger ran out while the partition had a batch in flight: it goes when that one is done. */
  lingered = false;
  /** Resolves once every record of the batch has settled (what flush waits for). */
  readonly settled: Promise<void>;
  readonly markSettled: () => void;
  // Where the broker stored the batch: one part, or one per half of a batch it found too large.
  #parts: readonly StoredPart[] = [];

  constructor(
    readonly builder: BatchBuilder,
    readonly createdAt: number,
  ) {
    let markSettled = (): void => undefined;
    this.settled = new Promise<void>((resolve) => (markSettled = resolve));
    this.markSettled = markSettled;
  }

  get topic(): string {
    return this.builder.topic;
  }

  get partition(): number {
    return this.builder.partition;
  }

  /** Records in the batch. */
  get count(): number {
    return this.listeners.length;
  }

  /** Records the settle data of the record just appended to the builder. */
  add(listener: DeliveryListener, timestamp: number, schemaId: number, acceptedAt: number, bytes: number): void {
    this.firstAcceptedAt ??= acceptedAt;
    this.listeners.push(listener);
    this.#timestamps.push(timestamp);
    this.#schemaIds.push(schemaId);
    this.chargedBytes += bytes;
  }

  /** The oldest record's accept time: the batch expires with it. */
  get oldestAcceptedAt(): number {
    return this.firstAcceptedAt ?? this.createdAt;
  }

  /** The broker answered the batch: each listener hears of its own record, stored or failed with its part. */
  acknowledge(ack: TransportAck): void {
    const segments = ack.segments ?? [
      { recordCount: this.count, baseOffset: ack.baseOffset, logAppendTime: ack.logAppendTime },
    ];
    let first = 0;
    this.#parts = segments.map((segment) => {
      const part = { first, base: baseOffset(segment), logAppendTime: segment.logAppendTime };
      first += segment.recordCount;
      return part;
    });
    const { listeners } = this;
    // A part of a split batch that failed fails its own records; every stored part's records are delivered.
    let index = 0;
    for (const segment of segments) {
      for (const end = index + segment.recordCount; index < end && index < listeners.length; index += 1) {
        const listener = listeners[index] as DeliveryListener;
        if (segment.error === undefined) listener.delivered(this, index);
        else listener.failed(segment.error);
      }
    }
  }

  /** Where the record at `index` was stored; valid once the batch is acknowledged. */
  metadataOf(index: number): RecordMetadata {
    let part = this.#parts[0] as StoredPart;
    for (const later of this.#parts) if (later.first <= index) part = later;
    const at = index - part.first;
    const { base } = part;
    const offset = base === undefined ? "-1" : typeof base === "number" ? String(base + at) : String(base + BigInt(at));
    const timestamp = part.logAppendTime > 0 ? part.logAppendTime : (this.#timestamps[index] as number);
    return {
      topic: this.topic,
      partition: this.partition,
      offset,
      timestamp,
      schemaId: this.#schemaIds[index] as number,
    };
  }

  fail(error: Error): void {
    for (const listener of this.listeners) listener.failed(error);
  }
}

interface StoredPart {
  /** Index of the part's first record in the batch. */
  readonly first: number;
  readonly base: number | bigint | undefined;
  readonly logAppendTime: number;
}

// Offsets are int64: plain numbers while base + count stays exact (always, in practice), BigInt beyond.
function baseOffset(segment: TransportAckSegment): number | bigint | undefined {
  if (segment.baseOffset === "-1") return undefined;
  const base = Number(segment.baseOffset);
  return Number.isSafeInteger(base + segment.recordCount) ? base : BigInt(segment.baseOffset);
}
