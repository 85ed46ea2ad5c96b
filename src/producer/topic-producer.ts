import { Writable } from "node:stream";
import { InvalidRecordError, ProducerClosedError, SerializationError } from "../errors/index.js";
import type { Clock } from "../internal/clock.js";
import { MemoPromise } from "../internal/memo-promise.js";
import type { RecordSerializer } from "../serde/index.js";
import type { RecordAccumulator, RecordSource } from "./accumulator/record-accumulator.js";
import type { DeliveryListener } from "./accumulator/record-batch.js";
import type { MemoryWaiter } from "./accumulator/waiting-queue.js";
import { encodeKey, type KeyKind } from "./keys/key-encoder.js";
import type { Partitioner } from "./partitioners/partitioner.js";
import { checkPartition } from "./partitioners/resolve-partitioner.js";
import type { RecordMetadata } from "./record-metadata.js";
import { checkHeaders, checkTimestamp, type RecordHeaders, withTraceHeaders } from "./send-input.js";
import type { SendGate } from "./send-gate.js";
import { PromisedSend, ReportingListener, SendTally } from "./send-listeners.js";
import type { TopicMetadata } from "./topic-metadata.js";
import type { ProducerTracing } from "./tracing.js";

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

/** What a TopicProducer needs of the accumulator. */
export type TopicAccumulator = Pick<
  RecordAccumulator,
  "addTopic" | "hasRoom" | "enqueue" | "append" | "waitingCount" | "admitted"
>;

/** What a TopicProducer works with; each part owns its own state. */
export interface TopicProducerContext {
  readonly accumulator: TopicAccumulator;
  readonly gate: SendGate;
  readonly metadata: TopicMetadata;
  readonly clock: Clock;
  /** Hands a failed send to onError and the diagnostics channel (never throws). */
  readonly reportError: (error: unknown) => void;
  /** Present when the producer traces: loaded before the first send, and may add trace headers to sends. */
  readonly tracing: ProducerTracing | undefined;
}

/** The parts of one topic: its serializers, key rules and partitioner. */
export interface TopicParts<V, VI> {
  readonly value: RecordSerializer<V, VI>;
  readonly key: RecordSerializer<unknown, never> | undefined;
  readonly keyKind: KeyKind;
  readonly keyMaker: ((record: V | VI) => unknown) | undefined;
  readonly partitioner: Partitioner;
}

const EMPTY_OPTIONS: SendOptions<never> = Object.freeze({});

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
  #subject: string | undefined;
  // What the accumulator encodes this topic's records with; set once prepared.
  #source: RecordSource | undefined;
  // Sends waiting for prepare(): later sends queue behind them to keep call order.
  #waiting = 0;
  // Fire-and-forget sends share it: failures go to onError, nothing is kept per send.
  readonly #reporting: ReportingListener;
  // What admits this topic's sends that waited for buffer memory: one per topic, nothing per waiting send.
  readonly #waiter: MemoryWaiter;
  // How a PartitionError names the partitioner's answer: built once, not a string per record.
  readonly #partitionerAnswer: string;

  constructor(topic: string, parts: TopicParts<V, VI>, context: TopicProducerContext) {
    this.topic = topic;
    this.#parts = parts;
    this.#context = context;
    this.#reporting = new ReportingListener(context.reportError);
    this.#waiter = {
      topic,
      admit: (value, options, listener) => this.#append(value as V | VI, options as SendOptions<K>, listener),
    };
    this.#partitionerAnswer = `the ${parts.partitioner.name} partitioner's answer`;
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
    const listener = new PromisedSend(this.#context.reportError);
    this.#submit(value, options, listener);
    return listener.promise;
  }

  /**
   * Sends one record without a promise: nothing is allocated per send beyond the record's own bytes in
   * its batch. A failure goes to `onError` and the diagnostics channel; `flush()` waits for it as for any
   * send. For fire-and-forget producers that would drop the promise anyway.
   */
  sendNoAck(value: V | VI, options: SendOptions<K> = EMPTY_OPTIONS): void {
    this.#submit(value, options, this.#reporting);
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
    const tally = new SendTally(this.#context.reportError);
    await this.prepare();
    const { accumulator } = this.#context;
    if (Symbol.iterator in values) {
      // A sync iterable is read with a plain loop: `for await` would cost a promise and a turn per value.
      for (const value of values) {
        tally.opened();
        this.#submit(value, options, tally);
        if (accumulator.waitingCount > 0) await accumulator.admitted();
      }
    } else {
      for await (const value of values) {
        tally.opened();
        this.#submit(value, options, tally);
        if (accumulator.waitingCount > 0) await accumulator.admitted();
      }
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
    const tally = new SendTally(this.#context.reportError, (error) => stream.destroy(error));
    const stream: Writable = new Writable({
      objectMode: true,
      write: (value: V | VI, _encoding, done) => {
        tally.opened();
        this.#submit(value, options, tally);
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
      this.#context.tracing?.ready(),
    ]);
    this.#subject = value.subject;
    this.#source = { topic: this.topic, subject: value.subject, encoder: this.#parts.value.encoder(this.topic) };
    this.#ready = true;
  }

  // The hot path is synchronous up to the accumulator: no async function, no await, no closure, unless
  // the topic is not prepared yet or an earlier send still waits for that. Every failure reaches the
  // listener, never the caller as a throw.
  #submit(value: V | VI, options: SendOptions<K>, listener: DeliveryListener): void {
    if (this.#context.gate.closed) listener.failed(new ProducerClosedError(this.topic));
    else if (typeof options !== "object" || options === null)
      listener.failed(new InvalidRecordError(this.topic, this.#subject, "options", "expected an object"));
    else if (!this.#ready || this.#waiting > 0) void this.#submitAfterPrepare(value, options, listener);
    else this.#submitNow(value, options, listener);
  }

  // While sends wait for buffer memory, a new one queues behind them unencoded: its bytes enter the
  // budget only when it is admitted (a million unawaited sends hold their values, not a million buffers).
  #submitNow(value: V | VI, sendOptions: SendOptions<K>, listener: DeliveryListener): void {
    const { accumulator, tracing } = this.#context;
    // The trace context is the caller's, taken now: a send that waits for buffer memory is appended later.
    const options = tracing?.injectsTraceContext === true ? this.#traced(sendOptions, tracing) : sendOptions;
    if (!accumulator.hasRoom) {
      accumulator.enqueue(this.#waiter, value, options, listener);
      return;
    }
    try {
      this.#append(value, options, listener);
    } catch (error) {
      // An invalid record fails this send alone.
      listener.failed(error instanceof Error ? error : new Error(String(error)));
    }
  }

  // Later sends queue behind earlier ones that wait, so that records keep their call order.
  async #submitAfterPrepare(value: V | VI, options: SendOptions<K>, listener: DeliveryListener): Promise<void> {
    this.#waiting += 1;
    const done = this.#context.gate.begin();
    try {
      await this.prepare();
      // Straight on (not through #submit): sends queued behind this one must stay behind it.
      this.#submitNow(value, options, listener);
    } catch (error) {
      listener.failed(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.#waiting -= 1;
      done();
    }
  }

  #traced(options: SendOptions<K>, tracing: ProducerTracing): SendOptions<K> {
    const trace = tracing.traceHeaders();
    if (trace === undefined) return options;
    return { ...options, headers: withTraceHeaders(options.headers, trace) as RecordHeaders };
  }

  // Throws a typed error for an invalid record; the accumulator encodes it into its batch.
  #append(value: V | VI, options: SendOptions<K>, listener: DeliveryListener): void {
    // The key maker and partitioner see the value before it is encoded: one that is no record at all is
    // named as such, not as the key maker's TypeError.
    if (typeof value !== "object" || value === null) throw this.#notARecord(value);
    const now = this.#context.clock.now();
    this.#context.metadata.refreshIfStale(now);
    const headers = checkHeaders(this.topic, this.#subject, options.headers);
    const timestamp = checkTimestamp(this.topic, this.#subject, options.timestamp, now);
    const key = this.#key(value, options);
    const partition = this.#partitionOf(value, key, options.partition);
    const source = this.#source as RecordSource; // #append runs only once prepared
    this.#context.accumulator.append(source, partition, key, headers, timestamp, value, listener, now);
  }

  #notARecord(value: unknown): SerializationError {
    const schemaId = this.#source?.encoder.schemaId;
    const context = {
      topic: this.topic,
      subject: this.#subject ?? "",
      recordName: this.valueName,
      ...(schemaId === undefined ? {} : { schemaId }),
    };
    const actual = value === null ? "null" : typeof value;
    return new SerializationError(context, [{ path: [], expected: this.valueName, actual }]);
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
    return checkPartition(this.topic, chosen, partitionCount, this.#partitionerAnswer);
  }
}
