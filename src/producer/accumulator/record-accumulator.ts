import { ProduceError } from "../../errors/index.js";
import type { Clock } from "../../internal/clock.js";
import type { TransportAck, TransportBatch } from "../transport/transport.js";
import { RecordBatch, type PendingRecord } from "./record-batch.js";

export interface AccumulatorOptions {
  readonly lingerMs: number;
  readonly batchSizeBytes: number;
  readonly maxRequestSizeBytes: number;
  readonly deliveryTimeoutMs: number;
  readonly clock: Clock;
  /** Sends one batch (one topic-partition); the accumulator never has two in flight for a partition. */
  readonly send: (batch: TransportBatch) => Promise<TransportAck>;
  /** Told when a partition's batch closes (sticky partitioners move on then, KIP-794). */
  readonly onBatchClosed?: (topic: string, partition: number) => void;
}

interface PartitionState {
  open: RecordBatch | undefined;
  readonly ready: RecordBatch[];
  inFlight: boolean;
}

/**
 * Per topic-partition batching (Java's RecordAccumulator + Sender, on top of kafkajs which has neither):
 * a batch is sent when it reaches `batchSizeBytes` or `lingerMs` after its first record, whichever comes
 * first. One batch per partition is in flight at a time, so records of a partition are acknowledged in
 * send order even across retries. A failed batch rejects its records, each with the cause, and nothing
 * else. `flush()` sends everything now and settles when every record accepted before it has settled.
 */
export class RecordAccumulator {
  readonly #options: AccumulatorOptions;
  readonly #partitions = new Map<string, PartitionState>();
  // Settle promises of every accepted record not yet settled (what flush waits for).
  readonly #unsettled = new Set<Promise<void>>();
  #flushing = 0;

  constructor(options: AccumulatorOptions) {
    this.#options = options;
  }

  /** Records accepted and not yet settled. */
  get pendingCount(): number {
    return this.#unsettled.size;
  }

  /** Adds a record to its partition's open batch (a new one when it would not fit). */
  append(topic: string, partition: number, record: PendingRecord): void {
    const state = this.#state(topic, partition);
    const limit = Math.min(this.#options.batchSizeBytes, this.#options.maxRequestSizeBytes);
    if (state.open !== undefined && state.open.sizeBytes + record.sizeBytes > limit) this.#close(state, state.open);
    let batch = state.open;
    if (batch === undefined) {
      batch = new RecordBatch(topic, partition, this.#options.clock.now());
      state.open = batch;
      const opened = batch;
      if (this.#flushing > 0) {
        // While a flush runs, batches do not linger: records appended in the same turn still share one.
        let cancelled = false;
        queueMicrotask(() => {
          if (!cancelled) this.#close(state, opened);
        });
        batch.cancelLinger = () => (cancelled = true);
      } else {
        batch.cancelLinger = this.#options.clock.setTimeout(() => this.#close(state, opened), this.#options.lingerMs);
      }
    }
    let settle = (): void => undefined;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.#unsettled.add(settled);
    const done = (): void => {
      this.#unsettled.delete(settled);
      settle();
    };
    batch.add({
      ...record,
      resolve: (ack) => {
        done();
        record.resolve(ack);
      },
      reject: (error) => {
        done();
        record.reject(error);
      },
    });
    if (batch.sizeBytes >= limit) this.#close(state, batch);
  }

  /**
   * Sends every open batch now, and every batch opened until `until` settles (records of sends still
   * on their way in); then resolves when every record accepted has settled (sent or failed).
   */
  async flush(until: Promise<unknown> = Promise.resolve()): Promise<void> {
    this.#flushing += 1;
    try {
      for (const state of this.#partitions.values()) if (state.open !== undefined) this.#close(state, state.open);
      await until;
      // Records accepted while flushing go out at once too; loop until nothing is left.
      while (this.#unsettled.size > 0) {
        for (const state of this.#partitions.values()) if (state.open !== undefined) this.#close(state, state.open);
        await Promise.allSettled([...this.#unsettled]);
      }
    } finally {
      this.#flushing -= 1;
    }
  }

  #state(topic: string, partition: number): PartitionState {
    const key = `${partition}\u0000${topic}`;
    let state = this.#partitions.get(key);
    if (state === undefined) {
      state = { open: undefined, ready: [], inFlight: false };
      this.#partitions.set(key, state);
    }
    return state;
  }

  #close(state: PartitionState, batch: RecordBatch): void {
    if (state.open !== batch) return;
    batch.cancelLinger?.();
    batch.cancelLinger = undefined;
    state.open = undefined;
    state.ready.push(batch);
    this.#options.onBatchClosed?.(batch.topic, batch.partition);
    this.#drain(state);
  }

  #drain(state: PartitionState): void {
    if (state.inFlight) return;
    const batch = state.ready.shift();
    if (batch === undefined) return;
    const now = this.#options.clock.now();
    if (now - batch.oldestAcceptedAt > this.#options.deliveryTimeoutMs) {
      this.#fail(batch, `delivery timeout: not sent within deliveryTimeoutMs ${this.#options.deliveryTimeoutMs}`, undefined);
      this.#drain(state);
      return;
    }
    state.inFlight = true;
    const request: TransportBatch = { topic: batch.topic, partition: batch.partition, records: batch.records.map((pending) => pending.record) };
    this.#options.send(request).then(
      (ack) => {
        state.inFlight = false;
        acknowledge(batch, ack);
        this.#drain(state);
      },
      (cause: unknown) => {
        state.inFlight = false;
        this.#fail(batch, cause instanceof Error ? cause.message : String(cause), cause);
        this.#drain(state);
      },
    );
  }

  #fail(batch: RecordBatch, detail: string, cause: unknown): void {
    const retriable = typeof cause === "object" && cause !== null && (cause as { retriable?: unknown }).retriable === true;
    const error = new ProduceError(batch.topic, batch.partition, batch.records.length, detail, { cause, retriable });
    for (const pending of batch.records) pending.reject(error);
  }
}

// Offsets are int64: BigInt arithmetic, handed out as decimal strings (as consumers see them).
function acknowledge(batch: RecordBatch, ack: TransportAck): void {
  const base = ack.baseOffset === "-1" ? undefined : BigInt(ack.baseOffset);
  batch.records.forEach((pending, index) => {
    pending.resolve({
      offset: base === undefined ? "-1" : (base + BigInt(index)).toString(),
      timestamp: ack.logAppendTime > 0 ? ack.logAppendTime : pending.record.timestamp,
    });
  });
}
