import { ProduceError, RecordTooLargeError } from "../../errors/index.js";
import type { Clock } from "../../internal/clock.js";
import type { ValueEncoder } from "../../serde/value-encoder.js";
import type { Partitioner } from "../partitioners/partitioner.js";
import type { BatchOutcome } from "../producer-metrics.js";
import { RecordList } from "../transport/record-list.js";
import type { BatchBuilder, Transport, TransportAck } from "../transport/transport.js";
import { BufferMemory } from "./buffer-memory.js";
import { RecordBatch, type DeliveryListener } from "./record-batch.js";
import type { MemoryWaiter } from "./waiting-queue.js";

// Java's DefaultRecordBatch overhead: what a batch costs in a produce request beyond its records.
const BATCH_OVERHEAD_BYTES = 61;

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
  /**
   * Sends one batch (one topic-partition), and makes the builders records are encoded into (a RecordList
   * when it has no createBatch).
   */
  readonly transport: Pick<Transport, "send" | "createBatch">;
  /**
   * Batches of one partition in flight at once; default 1. More only with a transport that keeps a
   * partition's order across requests and retries (the wire transport with idempotence: sequence numbers).
   */
  readonly maxInFlightPerPartition?: number;
  /** Told once per settled batch (metrics, diagnostics). */
  readonly onBatchSettled?: (outcome: BatchOutcome) => void;
}

/** Where a topic's records come from: its name and subject (for errors) and its value encoder. */
export interface RecordSource {
  readonly topic: string;
  readonly subject: string | undefined;
  readonly encoder: ValueEncoder;
}

interface PartitionState {
  open: RecordBatch | undefined;
  readonly ready: RecordBatch[];
  inFlight: number;
  /** Bytes of the partition's last closed batch: the next one is sized from it. */
  lastBatchBytes: number;
}

// The least a new batch is sized for. A batch that outgrows its buffer doubles it (one copy each time).
const MIN_BATCH_HINT_BYTES = 16 * 1024;

interface TopicState {
  // Per partition number: no key string built per record.
  readonly partitions: PartitionState[];
  /** Told when one of the topic's batches closes (sticky partitioners move on then, KIP-794). */
  partitioner: Pick<Partitioner, "onBatchClosed"> | undefined;
}

/**
 * Per topic-partition batching (Java's RecordAccumulator + Sender, above any transport): a batch is sent
 * when it reaches `batchSizeBytes` or `lingerMs` after its first record, whichever comes first. At most
 * `maxInFlightPerPartition` batches of a partition are in flight (1 unless the transport keeps order
 * across more, as the wire transport does with idempotence), so records of a partition are acknowledged
 * in send order even across retries. A failed batch rejects its records, each with the cause, and nothing
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
  readonly #limit: number;
  readonly #createBatch: (topic: string, partition: number, sizeHintBytes: number) => BatchBuilder;

  constructor(options: AccumulatorOptions) {
    this.#options = options;
    this.#memory = new BufferMemory(options.bufferMemoryBytes, options.maxBlockMs, options.clock);
    this.#maxInFlight = options.maxInFlightPerPartition ?? 1;
    this.#limit = Math.min(options.batchSizeBytes, options.maxRequestSizeBytes);
    const { transport } = options;
    const create = transport.createBatch?.bind(transport);
    this.#createBatch = create ?? ((topic, partition) => new RecordList(topic, partition));
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

  /** True when a record may be appended now: buffer memory is not used up and no send waits for it. */
  get hasRoom(): boolean {
    return this.#memory.hasRoom;
  }

  /**
   * Queues a send for buffer memory behind those already waiting: `waiter.admit(value, options, listener)`
   * appends it once admitted; a send that fails (invalid, or past maxBlockMs) fails alone.
   */
  enqueue(waiter: MemoryWaiter, value: unknown, options: unknown, listener: DeliveryListener): void {
    this.#memory.enqueue(waiter, value, options, listener);
  }

  /** Records accepted and not yet settled. */
  get pendingCount(): number {
    let count = 0;
    for (const batch of this.#live) count += batch.count;
    return count;
  }

  /**
   * Encodes a record straight into its partition's open batch (a new one when it would not fit) and
   * charges its bytes to buffer memory. Throws, leaving every batch as it was, for a value the encoder
   * refuses (SerializationError) or a record larger than maxRequestSizeBytes (RecordTooLargeError).
   */
  append(
    source: RecordSource,
    partition: number,
    key: Buffer | null,
    headers: Readonly<Record<string, Buffer | string>> | undefined,
    timestamp: number,
    value: unknown,
    listener: DeliveryListener,
    acceptedAt: number,
  ): void {
    const state = this.#state(source.topic, partition);
    let batch = state.open ?? this.#open(state, source.topic, partition);
    let bytes = this.#write(batch, source, key, headers, timestamp, value);
    if (batch.count > 0 && batch.builder.sizeBytes > this.#limit) {
      // It did not fit: out again, and into a batch of its own (encoded once more; rare, at batch ends).
      batch.builder.removeLast();
      this.#close(state, batch);
      batch = this.#open(state, source.topic, partition);
      bytes = this.#write(batch, source, key, headers, timestamp, value);
    }
    batch.add(listener, timestamp, source.encoder.schemaId, acceptedAt, bytes);
    this.#memory.charge(bytes);
    if (batch.builder.sizeBytes >= this.#limit) this.#close(state, batch);
  }

  #write(
    batch: RecordBatch,
    source: RecordSource,
    key: Buffer | null,
    headers: Readonly<Record<string, Buffer | string>> | undefined,
    timestamp: number,
    value: unknown,
  ): number {
    const bytes = batch.builder.append(key, headers, timestamp, source.encoder, value);
    const sizeBytes = BATCH_OVERHEAD_BYTES + bytes;
    if (sizeBytes > this.#options.maxRequestSizeBytes) {
      batch.builder.removeLast();
      throw new RecordTooLargeError(source.topic, source.subject, sizeBytes, this.#options.maxRequestSizeBytes);
    }
    return bytes;
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
    const builder = this.#createBatch(topic, partition, this.#sizeHint(state));
    const batch = new RecordBatch(builder, this.#options.clock.now());
    state.open = batch;
    this.#live.add(batch);
    batch.cancelLinger = this.#options.clock.setTimeout(() => this.#lingered(state, batch), this.#options.lingerMs);
    return batch;
  }

  // A batch is sized for what its partition's last batch held, not for batchSizeBytes: at a low rate,
  // a full-size buffer per lingered batch (hundreds of KiB for a few records) made V8 run a full garbage
  // collection several times a second for the external memory alone, and the p99 latency paid for it.
  #sizeHint(state: PartitionState): number {
    if (state.lastBatchBytes >= this.#limit) return this.#limit;
    return Math.min(this.#limit, Math.max(MIN_BATCH_HINT_BYTES, state.lastBatchBytes * 2));
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
      state = { open: undefined, ready: [], inFlight: 0, lastBatchBytes: 0 };
      partitions[partition] = state;
    }
    return state;
  }

  #close(state: PartitionState, batch: RecordBatch): void {
    if (state.open !== batch) return;
    batch.cancelLinger?.();
    batch.cancelLinger = undefined;
    state.open = undefined;
    state.lastBatchBytes = batch.builder.sizeBytes;
    if (batch.count === 0) {
      // Opened for a record that then failed (invalid, too large): nothing to send.
      this.#live.delete(batch);
      batch.markSettled();
      return;
    }
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
    this.#options.transport.send(batch.builder).then(
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

  #acknowledge(batch: RecordBatch, ack: TransportAck): void {
    batch.acknowledge(ack);
    const failed = ack.segments?.filter((segment) => segment.error !== undefined) ?? [];
    const failedRecords = failed.reduce((sum, segment) => sum + segment.recordCount, 0);
    this.#settle(batch, failed[0]?.error, failedRecords);
  }

  #fail(batch: RecordBatch, detail: string, cause: unknown): void {
    const retriable =
      typeof cause === "object" && cause !== null && (cause as { retriable?: unknown }).retriable === true;
    // A transport's own ProduceError already names this batch; anything else is wrapped once.
    const error =
      cause instanceof ProduceError
        ? cause
        : new ProduceError(batch.topic, batch.partition, batch.count, detail, { cause, retriable });
    batch.fail(error);
    this.#settle(batch, error, batch.count);
  }

  // `failedRecords` of the batch failed with `error`, the rest were stored: a batch split for being too
  // large may be both, and is then reported as two outcomes.
  #settle(batch: RecordBatch, error: Error | undefined, failedRecords: number): void {
    const { topic, partition } = batch;
    const sizeBytes = batch.builder.sizeBytes;
    const latencyMs = batch.sentAt === undefined ? 0 : Math.max(1e-3, this.#options.clock.now() - batch.sentAt);
    const stored = batch.count - failedRecords;
    if (stored > 0) {
      this.#options.onBatchSettled?.({ topic, partition, recordCount: stored, sizeBytes, latencyMs, error: undefined });
    }
    if (failedRecords > 0) {
      const failedBytes = stored > 0 ? 0 : sizeBytes;
      this.#options.onBatchSettled?.({
        topic,
        partition,
        recordCount: failedRecords,
        sizeBytes: failedBytes,
        latencyMs,
        error,
      });
    }
    this.#live.delete(batch);
    batch.markSettled();
    // Last: admitting waiting sends appends to batches, which must see this one settled.
    this.#memory.release(batch.chargedBytes);
  }
}
