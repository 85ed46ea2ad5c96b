import { ProduceError } from "../../errors/index.js";
import type { Clock } from "../../internal/clock.js";
import type { Partitioner } from "../partitioners/partitioner.js";
import type { BatchOutcome } from "../producer-metrics.js";
import type { Transport, TransportAck } from "../transport/transport.js";
import { BufferMemory } from "./buffer-memory.js";
import { RecordBatch, type PendingRecord } from "./record-batch.js";

export interface AccumulatorOptions {
  readonly lingerMs: number;
  readonly batchSizeBytes: number;
  readonly maxRequestSizeBytes: number;
  readonly deliveryTimeoutMs: number;
  /** Bytes of records accepted and not yet settled, at most; beyond it sends wait (see BufferMemory). */
  readonly bufferMemoryBytes: number;
  /** How long a send waits for buffer memory before it rejects with BufferFullError. */
  readonly maxBlockMs: number;
  readonly clock: Clock;
  /** Sends one batch (one topic-partition); the accumulator never has two in flight for a partition. */
  readonly transport: Pick<Transport, "send">;
  /**
   * Batches of one partition in flight at once; default 1. More only with a transport that keeps a
   * partition's order across requests and retries (the wire transport with idempotence: sequence numbers).
   */
  readonly maxInFlightPerPartition?: number;
  /** Told once per settled batch (metrics, diagnostics). */
  readonly onBatchSettled?: (outcome: BatchOutcome) => void;
}

/** A send waiting for buffer memory: its record is built when it reaches the head of the queue. */
export interface QueuedSend {
  readonly topic: string;
  /** Serializes and partitions the record; a throw rejects this send alone. */
  readonly build: () => { readonly partition: number; readonly record: PendingRecord };
  readonly fail: (error: unknown) => void;
}

interface PartitionState {
  open: RecordBatch | undefined;
  readonly ready: RecordBatch[];
  inFlight: number;
}

interface TopicState {
  // Per partition number: no key string built per record.
  readonly partitions: PartitionState[];
  /** Told when one of the topic's batches closes (sticky partitioners move on then, KIP-794). */
  partitioner: Pick<Partitioner, "onBatchClosed"> | undefined;
}

/**
 * Per topic-partition batching (Java's RecordAccumulator + Sender, on top of kafkajs which has neither):
 * a batch is sent when it reaches `batchSizeBytes` or `lingerMs` after its first record, whichever comes
 * first. One batch per partition is in flight at a time, so records of a partition are acknowledged in
 * send order even across retries. A failed batch rejects its records, each with the cause, and nothing
 * else. `flush()` sends everything now and settles when every record accepted before it has settled.
 * It owns buffer memory: bytes are reserved when a record comes in and released when its batch settles.
 */
export class RecordAccumulator {
  readonly #options: AccumulatorOptions;
  readonly #memory: BufferMemory;
  readonly #maxInFlight: number;
  readonly #topics = new Map<string, TopicState>();
  // Batches not yet settled: open, ready, or in flight (what flush waits for; per batch, not per record).
  readonly #live = new Set<RecordBatch>();

  constructor(options: AccumulatorOptions) {
    this.#options = options;
    this.#memory = new BufferMemory(options.bufferMemoryBytes, options.maxBlockMs, options.clock);
    this.#maxInFlight = options.maxInFlightPerPartition ?? 1;
  }

  /** The topic's partitioner hears when the topic's batches close. */
  addTopic(topic: string, partitioner: Pick<Partitioner, "onBatchClosed">): void {
    this.#topic(topic).partitioner = partitioner;
  }

  /** Bytes of records accepted and not yet settled. */
  get usedBytes(): number {
    return this.#memory.usedBytes;
  }

  /** Sends waiting for buffer memory: a send arriving now must queue behind them. */
  get waitingCount(): number {
    return this.#memory.waitingCount;
  }

  /** Resolves once every send waiting for buffer memory now has been admitted (or has failed). */
  admitted(): Promise<void> {
    return this.#memory.drained();
  }

  /** Reserves the record's bytes and adds it, when they fit and no send waits; false otherwise. */
  tryAppend(topic: string, partition: number, record: PendingRecord): boolean {
    if (!this.#memory.tryReserve(record.sizeBytes)) return false;
    this.append(topic, partition, record);
    return true;
  }

  /**
   * Queues a send for buffer memory behind those already waiting; `knownBytes` when its record is already
   * built (it did not fit at once). It joins its batch when admitted, or fails alone (BufferFullError).
   */
  enqueue(send: QueuedSend): void {
    let built: { readonly partition: number; readonly record: PendingRecord } | undefined;
    this.#memory.enqueue({
      topic: send.topic,
      measure: () => {
        built = send.build();
        return built.record.sizeBytes;
      },
      admit: () => {
        if (built !== undefined) this.append(send.topic, built.partition, built.record);
      },
      fail: send.fail,
    });
  }

  /** Records accepted and not yet settled. */
  get pendingCount(): number {
    let count = 0;
    for (const batch of this.#live) count += batch.records.length;
    return count;
  }

  /** Adds a record whose bytes are reserved to its partition's open batch (a new one when it would not fit). */
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
    if (state.inFlight >= this.#maxInFlight) batch.lingered = true;
    else this.#close(state, batch);
  }

  /**
   * Sends every open batch now; then, once `until` settles (sends still on their way in) and every send
   * that waits for buffer memory now is admitted, sends what they added; resolves when all those batches
   * have settled (sent or failed). Batches that admitted sends fill meanwhile keep the usual linger and
   * size rules, so that a flush under backpressure still sends full batches, not one per admitted record.
   */
  async flush(until: Promise<unknown> = Promise.resolve()): Promise<void> {
    this.#closeAll();
    await until;
    await this.#memory.drained();
    this.#closeAll();
    await Promise.all([...this.#live].map((batch) => batch.settled));
  }

  #open(state: PartitionState, topic: string, partition: number): RecordBatch {
    const batch = new RecordBatch(topic, partition, this.#options.clock.now());
    state.open = batch;
    this.#live.add(batch);
    batch.cancelLinger = this.#options.clock.setTimeout(() => this.#lingered(state, batch), this.#options.lingerMs);
    return batch;
  }

  #closeAll(): void {
    for (const topic of this.#topics.values()) {
      for (const state of topic.partitions) if (state?.open !== undefined) this.#close(state, state.open);
    }
  }

  #topic(topic: string): TopicState {
    let state = this.#topics.get(topic);
    if (state === undefined) {
      state = { partitions: [], partitioner: undefined };
      this.#topics.set(topic, state);
    }
    return state;
  }

  #state(topic: string, partition: number): PartitionState {
    const { partitions } = this.#topic(topic);
    let state = partitions[partition];
    if (state === undefined) {
      state = { open: undefined, ready: [], inFlight: 0 };
      partitions[partition] = state;
    }
    return state;
  }

  #close(state: PartitionState, batch: RecordBatch): void {
    if (state.open !== batch) return;
    batch.cancelLinger?.();
    batch.cancelLinger = undefined;
    state.open = undefined;
    state.ready.push(batch);
    this.#topics.get(batch.topic)?.partitioner?.onBatchClosed?.(batch.topic, batch.partition);
    this.#drain(state);
  }

  #drain(state: PartitionState): void {
    if (state.inFlight >= this.#maxInFlight) return;
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
    state.inFlight += 1;
    batch.sentAt = this.#options.clock.now();
    const records = batch.records.map((pending) => pending.record);
    this.#options.transport.send({ topic: batch.topic, partition: batch.partition, records }).then(
      (ack) => {
        state.inFlight -= 1;
        this.#acknowledge(batch, ack);
        this.#drain(state);
      },
      (cause: unknown) => {
        state.inFlight -= 1;
        this.#fail(batch, cause instanceof Error ? cause.message : String(cause), cause);
        this.#drain(state);
      },
    );
    // A transport that keeps a partition's order across requests takes the next ready batch at once.
    if (state.ready.length > 0) this.#drain(state);
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
    // A transport's own ProduceError already names this batch; anything else is wrapped once.
    const error =
      cause instanceof ProduceError
        ? cause
        : new ProduceError(batch.topic, batch.partition, batch.records.length, detail, { cause, retriable });
    for (const pending of batch.records) pending.reject(error);
    this.#settle(batch, error);
  }

  #settle(batch: RecordBatch, error?: Error): void {
    const { topic, partition, sizeBytes } = batch;
    const latencyMs = batch.sentAt === undefined ? 0 : Math.max(1e-3, this.#options.clock.now() - batch.sentAt);
    this.#options.onBatchSettled?.({
      topic,
      partition,
      recordCount: batch.records.length,
      sizeBytes,
      latencyMs,
      error,
    });
    this.#live.delete(batch);
    batch.markSettled();
    // Last: admitting waiting sends appends to batches, which must see this one settled.
    this.#memory.release(batch.sizeBytes);
  }
}
