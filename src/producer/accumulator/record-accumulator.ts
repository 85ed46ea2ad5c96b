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
  /** Given back once a batch settled: the bytes of its records (buffer memory). */
  readonly release?: (bytes: number) => void;
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
  // Per topic, per partition number: no key string built per record.
  readonly #partitions = new Map<string, PartitionState[]>();
  // Batches not yet settled: open, ready, or in flight (what flush waits for; per batch, not per record).
  readonly #live = new Set<RecordBatch>();
  #flushing = 0;

  constructor(options: AccumulatorOptions) {
    this.#options = options;
  }

  /** Records accepted and not yet settled. */
  get pendingCount(): number {
    let count = 0;
    for (const batch of this.#live) count += batch.records.length;
    return count;
  }

  /** Adds a record to its partition's open batch (a new one when it would not fit). */
  append(topic: string, partition: number, record: PendingRecord): void {
    const state = this.#state(topic, partition);
    const limit = Math.min(this.#options.batchSizeBytes, this.#options.maxRequestSizeBytes);
    if (state.open !== undefined && state.open.sizeBytes + record.sizeBytes > limit) this.#close(state, state.open);
    let batch = state.open;
    if (batch === undefined) batch = this.#open(state, topic, partition);
    batch.add(record);
    if (batch.sizeBytes >= limit) this.#close(state, batch);
  }

  // A batch whose linger ran out while its partition had a batch in flight stays open and keeps filling
  // (up to batchSizeBytes) until that one is acknowledged, then goes at once: under load a partition
  // sends fewer, fuller requests instead of a queue of 5-ms slivers.
  #lingered(state: PartitionState, batch: RecordBatch): void {
    if (state.open !== batch) return;
    if (state.inFlight) batch.lingered = true;
    else this.#close(state, batch);
  }

  /**
   * Sends every open batch now, and every batch opened until `until` settles (records of sends still
   * on their way in); resolves when all those batches have settled (sent or failed).
   */
  async flush(until: Promise<unknown> = Promise.resolve()): Promise<void> {
    this.#flushing += 1;
    try {
      this.#closeAll();
      await until;
      this.#closeAll();
      await Promise.all([...this.#live].map((batch) => batch.settled));
    } finally {
      this.#flushing -= 1;
    }
  }

  #open(state: PartitionState, topic: string, partition: number): RecordBatch {
    const batch = new RecordBatch(topic, partition, this.#options.clock.now());
    state.open = batch;
    this.#live.add(batch);
    if (this.#flushing > 0) {
      // While a flush runs, batches do not linger: records appended in the same turn still share one.
      let cancelled = false;
      queueMicrotask(() => {
        if (!cancelled) this.#close(state, batch);
      });
      batch.cancelLinger = () => (cancelled = true);
    } else {
      batch.cancelLinger = this.#options.clock.setTimeout(() => this.#lingered(state, batch), this.#options.lingerMs);
    }
    return batch;
  }

  #closeAll(): void {
    for (const states of this.#partitions.values()) {
      for (const state of states) if (state?.open !== undefined) this.#close(state, state.open);
    }
  }

  #state(topic: string, partition: number): PartitionState {
    let states = this.#partitions.get(topic);
    if (states === undefined) {
      states = [];
      this.#partitions.set(topic, states);
    }
    let state = states[partition];
    if (state === undefined) {
      state = { open: undefined, ready: [], inFlight: false };
      states[partition] = state;
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
    if (state.ready.length === 0 && state.open?.lingered === true) {
      this.#close(state, state.open);
      return;
    }
    const batch = state.ready.shift();
    if (batch === undefined) return;
    if (this.#options.clock.now() - batch.oldestAcceptedAt > this.#options.deliveryTimeoutMs) {
      this.#fail(
        batch,
        `delivery timeout: not sent within deliveryTimeoutMs ${this.#options.deliveryTimeoutMs}`,
        undefined,
      );
      this.#drain(state);
      return;
    }
    state.inFlight = true;
    const records = batch.records.map((pending) => pending.record);
    this.#options.send({ topic: batch.topic, partition: batch.partition, records }).then(
      (ack) => {
        state.inFlight = false;
        this.#acknowledge(batch, ack);
        this.#drain(state);
      },
      (cause: unknown) => {
        state.inFlight = false;
        this.#fail(batch, cause instanceof Error ? cause.message : String(cause), cause);
        this.#drain(state);
      },
    );
  }

  // Offsets are int64: BigInt arithmetic, handed out as decimal strings (as consumers see them).
  #acknowledge(batch: RecordBatch, ack: TransportAck): void {
    const base = ack.baseOffset === "-1" ? undefined : BigInt(ack.baseOffset);
    const { topic, partition } = batch;
    batch.records.forEach((pending, index) => {
      const offset = base === undefined ? "-1" : (base + BigInt(index)).toString();
      const timestamp = ack.logAppendTime > 0 ? ack.logAppendTime : pending.record.timestamp;
      pending.resolve({ topic, partition, offset, timestamp, schemaId: pending.schemaId });
    });
    this.#settle(batch);
  }

  #fail(batch: RecordBatch, detail: string, cause: unknown): void {
    const retriable =
      typeof cause === "object" && cause !== null && (cause as { retriable?: unknown }).retriable === true;
    const error = new ProduceError(batch.topic, batch.partition, batch.records.length, detail, { cause, retriable });
    for (const pending of batch.records) pending.reject(error);
    this.#settle(batch);
  }

  #settle(batch: RecordBatch): void {
    this.#live.delete(batch);
    this.#options.release?.(batch.sizeBytes);
    batch.markSettled();
  }
}
