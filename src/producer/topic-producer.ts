import { ProduceError, ProducerClosedError, RecordTooLargeError } from "../errors/index.js";
import type { AvroSerializer } from "../serde/avro/avro-serializer.js";
import type { BufferMemory } from "./accumulator/buffer-memory.js";
import type { RecordAccumulator } from "./accumulator/record-accumulator.js";
import { encodeKey, type KeyKind } from "./keys/key-encoder.js";
import { checkPartition } from "./partitioners/resolve-partitioner.js";
import type { Partitioner } from "./partitioners/partitioner.js";
import type { RecordMetadata } from "./record-metadata.js";
import type { TransportRecord } from "./transport/transport.js";

/** Per-send options; all optional. */
export interface SendOptions<K = unknown> {
  /** The key, overriding the topic's key maker: a string, bytes, or a key record; null for none. */
  readonly key?: K | string | Buffer | null;
  /** An explicit partition (validated against the topic's partition count), bypassing the partitioner. */
  readonly partition?: number;
  readonly headers?: Readonly<Record<string, string | Buffer>>;
  /** Create time; default now. */
  readonly timestamp?: number | Date;
}

/** What a TopicProducer shares with its producer. */
export interface TopicProducerContext {
  readonly accumulator: RecordAccumulator;
  readonly memory: BufferMemory;
  readonly maxRequestSizeBytes: number;
  readonly metadataMaxAgeMs: number;
  readonly now: () => number;
  readonly isClosed: () => boolean;
  readonly partitionCount: (topic: string) => Promise<number>;
  /** Hands a failed send to onError and the diagnostics channel (never throws). */
  readonly reportError: (error: unknown) => void;
  /** Counts a send that waits before reaching the accumulator (flush waits for it); call the result when it got there. */
  readonly beginPending: () => () => void;
}

const EMPTY_OPTIONS: SendOptions<never> = Object.freeze({});

// Java's DefaultRecordBatch overhead (61 bytes) plus a record's own framing (at most 21 bytes of varints
// and attributes): what one record costs in a produce request beyond its key, value and headers.
const BATCH_OVERHEAD_BYTES = 61;
const RECORD_OVERHEAD_BYTES = 21;

/**
 * Typed sends to one topic: `send` takes only the binding's value class (or its Init object). Records of
 * a topic are accepted in call order, whatever the first send had to wait for (schema registration,
 * metadata, buffer memory).
 */
export class TopicProducer<V, VI = V, K = never> {
  readonly topic: string;
  readonly #value: AvroSerializer<V, VI>;
  readonly #key: AvroSerializer<unknown, never> | undefined;
  readonly #keyKind: KeyKind;
  readonly #keyMaker: ((record: V | VI) => unknown) | undefined;
  readonly #partitioner: Partitioner;
  readonly #context: TopicProducerContext;
  #prepared: Promise<void> | undefined;
  #ready = false;
  #schemaId = -1;
  #subject: string | undefined;
  #waiting = 0;
  #partitionCount = 0;
  #countFetchedAt = 0;
  #refreshing = false;

  constructor(
    topic: string,
    parts: {
      readonly value: AvroSerializer<V, VI>;
      readonly key: AvroSerializer<unknown, never> | undefined;
      readonly keyKind: KeyKind;
      readonly keyMaker: ((record: V | VI) => unknown) | undefined;
      readonly partitioner: Partitioner;
    },
    context: TopicProducerContext,
  ) {
    this.topic = topic;
    this.#value = parts.value;
    this.#key = parts.key;
    this.#keyKind = parts.keyKind;
    this.#keyMaker = parts.keyMaker;
    this.#partitioner = parts.partitioner;
    this.#context = context;
  }

  /** Full name of the value record type this topic sends. */
  get valueName(): string {
    return this.#value.type.name;
  }

  /** The partitioner of this topic (the producer tells it when its batches close). */
  get partitioner(): Partitioner {
    return this.#partitioner;
  }

  /**
   * Sends one record; resolves with its metadata once Kafka acknowledged it, rejects with the cause when
   * it cannot be (SerializationError, PartitionError, RecordTooLargeError, BufferFullError, ProduceError,
   * ProducerClosedError). A send nobody awaits still reports its failure to `onError`; it never becomes
   * an unhandled rejection.
   */
  send(value: V | VI, options: SendOptions<K> = EMPTY_OPTIONS): Promise<RecordMetadata> {
    const sent = this.#send(value, options);
    // One reaction: reports the failure, and marks the promise handled for callers that never await it.
    sent.then(undefined, this.#context.reportError);
    return sent;
  }

  /** Sends records in order; resolves when all are acknowledged, rejects with the first failure. */
  sendMany(values: readonly (V | VI)[], options: SendOptions<K> = EMPTY_OPTIONS): Promise<RecordMetadata[]> {
    return Promise.all(values.map((value) => this.send(value, options)));
  }

  /** Registers (or looks up) the schemas and reads the partition count; memoised. Sends call it first. */
  prepare(): Promise<void> {
    this.#prepared ??= this.#prepareOnce().catch((error: unknown) => {
      // Not remembered: the next send tries again (the registry or the broker may be back).
      this.#prepared = undefined;
      throw error;
    });
    return this.#prepared;
  }

  async #prepareOnce(): Promise<void> {
    const [value] = await Promise.all([
      this.#value.prepare(this.topic),
      this.#key?.prepare(this.topic),
      this.#refreshPartitionCount(),
    ]);
    this.#schemaId = value.schemaId;
    this.#subject = value.subject;
    this.#ready = true;
  }

  // The hot path is synchronous up to the accumulator: no async function, no await, unless the topic is
  // not prepared yet, an earlier send still waits, or buffer memory is short.
  #send(value: V | VI, options: SendOptions<K>): Promise<RecordMetadata> {
    if (this.#context.isClosed()) return Promise.reject(new ProducerClosedError(this.topic));
    if (!this.#ready || this.#waiting > 0) return this.#sendAfterPrepare(value, options);
    return this.#sendNow(value, options);
  }

  #sendNow(value: V | VI, options: SendOptions<K>): Promise<RecordMetadata> {
    let record: TransportRecord;
    let partition: number;
    let sizeBytes: number;
    try {
      this.#maybeRefreshPartitionCount();
      record = this.#record(value, options);
      partition = this.#partitionOf(value, record.key, options.partition);
      sizeBytes = this.#sizeOf(record);
    } catch (error) {
      return Promise.reject(error);
    }
    if (!this.#context.memory.tryReserve(sizeBytes)) return this.#appendAfterReserve(record, partition, sizeBytes);
    return this.#append(record, partition, sizeBytes);
  }

  // Later sends queue behind earlier ones that wait, so that records keep their call order.
  async #sendAfterPrepare(value: V | VI, options: SendOptions<K>): Promise<RecordMetadata> {
    this.#waiting += 1;
    const done = this.#context.beginPending();
    try {
      await this.prepare();
      // Straight on (not through #send): sends queued behind this one must stay behind it.
      return await this.#sendNow(value, options);
    } finally {
      this.#waiting -= 1;
      done();
    }
  }

  async #appendAfterReserve(record: TransportRecord, partition: number, sizeBytes: number): Promise<RecordMetadata> {
    this.#waiting += 1;
    const done = this.#context.beginPending();
    try {
      await this.#context.memory.reserve(sizeBytes, this.topic);
      return await this.#append(record, partition, sizeBytes);
    } finally {
      this.#waiting -= 1;
      done();
    }
  }

  #append(record: TransportRecord, partition: number, sizeBytes: number): Promise<RecordMetadata> {
    const acceptedAt = this.#context.now();
    const schemaId = this.#schemaId;
    return new Promise<RecordMetadata>((resolve, reject) => {
      this.#context.accumulator.append(this.topic, partition, {
        record,
        sizeBytes,
        acceptedAt,
        schemaId,
        resolve,
        reject,
      });
    });
  }

  #sizeOf(record: TransportRecord): number {
    const sizeBytes =
      BATCH_OVERHEAD_BYTES +
      RECORD_OVERHEAD_BYTES +
      (record.key?.length ?? 0) +
      record.value.length +
      headerBytes(record.headers);
    if (sizeBytes > this.#context.maxRequestSizeBytes)
      throw new RecordTooLargeError(this.topic, this.#subject, sizeBytes, this.#context.maxRequestSizeBytes);
    return sizeBytes;
  }

  #record(value: V | VI, options: SendOptions<K>): TransportRecord {
    const serialized = this.#value.serializeSync(this.topic, value);
    const keyValue = options.key !== undefined || "key" in options ? options.key : this.#keyMaker?.(value);
    const key = encodeKey(this.topic, keyValue, this.#keyKind, this.#key);
    const timestamp =
      options.timestamp === undefined
        ? this.#context.now()
        : options.timestamp instanceof Date
          ? options.timestamp.getTime()
          : options.timestamp;
    return { key, value: serialized, headers: options.headers, timestamp };
  }

  #partitionOf(value: V | VI, key: Buffer | null, explicit: number | undefined): number {
    const partitionCount = this.#partitionCount;
    if (explicit !== undefined) return checkPartition(this.topic, explicit, partitionCount, "partition");
    const chosen = this.#partitioner.partition({ topic: this.topic, key, partitionCount, record: value });
    return checkPartition(this.topic, chosen, partitionCount, `the ${this.#partitioner.name} partitioner's answer`);
  }

  async #refreshPartitionCount(): Promise<void> {
    try {
      this.#partitionCount = await this.#context.partitionCount(this.topic);
    } catch (cause) {
      const retriable =
        typeof cause === "object" && cause !== null && (cause as { retriable?: unknown }).retriable === true;
      throw new ProduceError(
        this.topic,
        undefined,
        1,
        `read the partition count: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause, retriable },
      );
    }
    this.#countFetchedAt = this.#context.now();
  }

  // Metadata older than metadataMaxAgeMs is refreshed in the background; sends use the count they have.
  #maybeRefreshPartitionCount(): void {
    if (this.#refreshing || this.#context.now() - this.#countFetchedAt < this.#context.metadataMaxAgeMs) return;
    this.#refreshing = true;
    this.#refreshPartitionCount()
      .catch(() => undefined)
      .finally(() => {
        this.#refreshing = false;
      });
  }
}

function headerBytes(headers: Readonly<Record<string, string | Buffer>> | undefined): number {
  if (headers === undefined) return 0;
  let bytes = 0;
  for (const [name, value] of Object.entries(headers))
    bytes += Buffer.byteLength(name) + (typeof value === "string" ? Buffer.byteLength(value) : value.length) + 10;
  return bytes;
}
