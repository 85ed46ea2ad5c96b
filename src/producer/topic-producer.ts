import { Writable } from "node:stream";
import { InvalidRecordError, ProducerClosedError, RecordTooLargeError } from "../errors/index.js";
import type { Clock } from "../internal/clock.js";
import { MemoPromise } from "../internal/memo-promise.js";
import type { AvroSerializer } from "../serde/avro/avro-serializer.js";
import type { PendingRecord } from "./accumulator/record-batch.js";
import type { RecordAccumulator } from "./accumulator/record-accumulator.js";
import { encodeKey, type KeyKind } from "./keys/key-encoder.js";
import type { Partitioner } from "./partitioners/partitioner.js";
import { checkPartition } from "./partitioners/resolve-partitioner.js";
import type { RecordMetadata } from "./record-metadata.js";
import { checkHeaders, checkTimestamp, type RecordHeaders } from "./send-input.js";
import type { SendGate } from "./send-gate.js";
import type { TopicMetadata } from "./topic-metadata.js";
import type { TransportRecord } from "./transport/transport.js";

/** Per-send options; all optional. */
export interface SendOptions<K = unknown> {
  /** The key, overriding the topic's key maker: a string, bytes, or a key record; null for none. */
  readonly key?: K | string | Buffer | null;
  /** An explicit partition (validated against the topic's partition count), bypassing the partitioner. */
  readonly partition?: number;
  readonly headers?: RecordHeaders;
  /** Create time in epoch milliseconds (a whole number >= 0) or a Date; default now. */
  readonly timestamp?: number | Date;
}

/** What a TopicProducer works with; each part owns its own state. */
export interface TopicProducerContext {
  readonly accumulator: RecordAccumulator;
  readonly gate: SendGate;
  readonly metadata: TopicMetadata;
  readonly clock: Clock;
  readonly maxRequestSizeBytes: number;
  /** Hands a failed send to onError and the diagnostics channel (never throws). */
  readonly reportError: (error: unknown) => void;
}

/** The parts of one topic: its serializers, key rules and partitioner. */
export interface TopicParts<V, VI> {
  readonly value: AvroSerializer<V, VI>;
  readonly key: AvroSerializer<unknown, never> | undefined;
  readonly keyKind: KeyKind;
  readonly keyMaker: ((record: V | VI) => unknown) | undefined;
  readonly partitioner: Partitioner;
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
  readonly #parts: TopicParts<V, VI>;
  readonly #context: TopicProducerContext;
  // Not remembered when it fails: the next send tries again (the registry or the broker may be back).
  readonly #prepared = new MemoPromise(() => this.#prepareOnce());
  #ready = false;
  #schemaId = -1;
  #subject: string | undefined;
  // Sends waiting for prepare(): later sends queue behind them to keep call order.
  #waiting = 0;

  constructor(topic: string, parts: TopicParts<V, VI>, context: TopicProducerContext) {
    this.topic = topic;
    this.#parts = parts;
    this.#context = context;
    context.accumulator.addTopic(topic, parts.partitioner);
  }

  /** Full name of the value record type this topic sends. */
  get valueName(): string {
    return this.#parts.value.type.name;
  }

  /**
   * Sends one record; resolves with its metadata once Kafka acknowledged it, rejects with the cause when
   * it cannot be (SerializationError, InvalidRecordError, PartitionError, RecordTooLargeError,
   * BufferFullError, ProduceError, ProducerClosedError). A send nobody awaits still reports its failure to
   * `onError`; it never becomes an unhandled rejection.
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

  /**
   * Sends every value of a (sync or async) iterable in order, taking the next value only once buffer
   * memory admitted the last: a million records move in bounded memory, with no promise per record held
   * by the caller. Failed sends go to `onError` (and the diagnostics channel) as usual; resolves once
   * every record sent has settled, with the counts.
   */
  async sendAll(
    values: Iterable<V | VI> | AsyncIterable<V | VI>,
    options: SendOptions<K> = EMPTY_OPTIONS,
  ): Promise<{ readonly acknowledged: number; readonly failed: number }> {
    const tally = new SendTally();
    await this.prepare();
    for await (const value of values) {
      tally.track(this.send(value, options));
      if (this.#context.accumulator.waitingCount > 0) await this.#context.accumulator.admitted();
    }
    return tally.settled();
  }

  /**
   * A Writable (object mode) that sends each value written to it: `pipeline(source, topic.writable())`.
   * A write completes when its record is admitted to buffer memory (not when acknowledged), so the stream's
   * backpressure is the producer's. The stream fails with the first send that fails; `finish` comes once
   * every record written has been acknowledged.
   */
  writable(options: SendOptions<K> = EMPTY_OPTIONS): Writable {
    const tally = new SendTally();
    const stream: Writable = new Writable({
      objectMode: true,
      write: (value: V | VI, _encoding, done) => {
        tally.track(
          this.send(value, options).catch((error: unknown) => {
            stream.destroy(error instanceof Error ? error : new Error(String(error)));
            throw error;
          }),
        );
        const { accumulator } = this.#context;
        if (accumulator.waitingCount > 0) accumulator.admitted().then(() => done(), done);
        else done();
      },
      final: (done) => {
        tally.settled().then(({ failed }) => done(failed > 0 ? stream.errored : null), done);
      },
    });
    return stream;
  }

  /** Registers (or looks up) the schemas and reads the partition count; memoised. Sends call it first. */
  prepare(): Promise<void> {
    return this.#prepared.get();
  }

  async #prepareOnce(): Promise<void> {
    const [value] = await Promise.all([
      this.#parts.value.prepare(this.topic),
      this.#parts.key?.prepare(this.topic),
      this.#context.metadata.refresh(),
    ]);
    this.#schemaId = value.schemaId;
    this.#subject = value.subject;
    this.#ready = true;
  }

  // The hot path is synchronous up to the accumulator: no async function, no await, unless the topic is
  // not prepared yet or an earlier send still waits for that.
  #send(value: V | VI, options: SendOptions<K>): Promise<RecordMetadata> {
    if (this.#context.gate.closed) return Promise.reject(new ProducerClosedError(this.topic));
    if (typeof options !== "object" || options === null)
      return Promise.reject(new InvalidRecordError(this.topic, this.#subject, "options", "expected an object"));
    if (!this.#ready || this.#waiting > 0) return this.#sendAfterPrepare(value, options);
    return this.#sendNow(value, options);
  }

  // While sends wait for buffer memory, a new one queues behind them unserialized: its bytes enter the
  // budget only when it is admitted (a million unawaited sends hold their values, not a million buffers).
  #sendNow(value: V | VI, options: SendOptions<K>): Promise<RecordMetadata> {
    const { accumulator } = this.#context;
    return new Promise<RecordMetadata>((resolve, reject) => {
      if (accumulator.waitingCount > 0) {
        accumulator.enqueue({
          topic: this.topic,
          build: () => this.#build(value, options, resolve, reject),
          fail: reject,
        });
        return;
      }
      // A throw here (an invalid record) rejects this send alone.
      const built = this.#build(value, options, resolve, reject);
      if (!accumulator.tryAppend(this.topic, built.partition, built.record))
        accumulator.enqueue({ topic: this.topic, build: () => built, fail: reject });
    });
  }

  // Later sends queue behind earlier ones that wait, so that records keep their call order.
  async #sendAfterPrepare(value: V | VI, options: SendOptions<K>): Promise<RecordMetadata> {
    this.#waiting += 1;
    const done = this.#context.gate.begin();
    let sent: Promise<RecordMetadata>;
    try {
      await this.prepare();
      // Straight on (not through #send): sends queued behind this one must stay behind it.
      sent = this.#sendNow(value, options);
    } finally {
      this.#waiting -= 1;
      done();
    }
    return sent;
  }

  #build(
    value: V | VI,
    options: SendOptions<K>,
    resolve: (metadata: RecordMetadata) => void,
    reject: (error: Error) => void,
  ): { readonly partition: number; readonly record: PendingRecord } {
    this.#context.metadata.refreshIfStale();
    const now = this.#context.clock.now();
    const headers = checkHeaders(this.topic, this.#subject, options.headers);
    const timestamp = checkTimestamp(this.topic, this.#subject, options.timestamp, now);
    const serialized = this.#parts.value.serializeSync(this.topic, value);
    const key = this.#key(value, options);
    const record: TransportRecord = { key, value: serialized, headers, timestamp };
    const partition = this.#partitionOf(value, key, options.partition);
    const sizeBytes = this.#sizeOf(record);
    return { partition, record: { record, sizeBytes, acceptedAt: now, schemaId: this.#schemaId, resolve, reject } };
  }

  #key(value: V | VI, options: SendOptions<K>): Buffer | null {
    let key: unknown;
    if (options.key !== undefined || "key" in options) key = options.key;
    else if (this.#parts.keyMaker !== undefined) {
      try {
        key = this.#parts.keyMaker(value);
      } catch (cause) {
        throw new InvalidRecordError(this.topic, this.#subject, "key", "the key maker threw (see cause)", { cause });
      }
    }
    return encodeKey(this.topic, key, this.#parts.keyKind, this.#parts.key);
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

  #partitionOf(value: V | VI, key: Buffer | null, explicit: number | undefined): number {
    const { partitionCount } = this.#context.metadata;
    if (explicit !== undefined) return checkPartition(this.topic, explicit, partitionCount, "partition");
    const { partitioner } = this.#parts;
    let chosen: number;
    try {
      chosen = partitioner.partition({ topic: this.topic, key, partitionCount, record: value });
    } catch (cause) {
      throw new InvalidRecordError(
        this.topic,
        this.#subject,
        "partition",
        `the ${partitioner.name} partitioner threw (see cause)`,
        { cause },
      );
    }
    return checkPartition(this.topic, chosen, partitionCount, `the ${partitioner.name} partitioner's answer`);
  }
}

function headerBytes(headers: RecordHeaders | undefined): number {
  if (headers === undefined) return 0;
  let bytes = 0;
  for (const [name, value] of Object.entries(headers))
    bytes += Buffer.byteLength(name) + (typeof value === "string" ? Buffer.byteLength(value) : value.length) + 10;
  return bytes;
}

/** Counts sends as they settle, holding no promise per send. */
class SendTally {
  #acknowledged = 0;
  #failed = 0;
  #open = 0;
  #idle: (() => void)[] = [];

  track(sent: Promise<unknown>): void {
    this.#open += 1;
    sent.then(
      () => this.#done(true),
      () => this.#done(false),
    );
  }

  /** Resolves once every tracked send has settled. */
  async settled(): Promise<{ readonly acknowledged: number; readonly failed: number }> {
    if (this.#open > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
    return { acknowledged: this.#acknowledged, failed: this.#failed };
  }

  #done(acknowledged: boolean): void {
    if (acknowledged) this.#acknowledged += 1;
    else this.#failed += 1;
    this.#open -= 1;
    if (this.#open === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }
}
