// The only file that imports kafkajs: the client stays replaceable behind Transport.
import kafkajs, { CompressionTypes, Kafka, logLevel, type Admin, type KafkaConfig, type Producer } from "kafkajs";
import { ProduceError } from "../../errors/index.js";
import { MemoPromise } from "../../internal/memo-promise.js";
import { registerCompressionCodecs } from "./compression-codecs.js";
import { KafkajsRetryWatch } from "./kafkajs-retry-watch.js";
import { retryErrorInfo, transportSecrets } from "./retry-report.js";
import type { Transport, TransportAck, TransportBatch } from "./transport.js";
import type { CompressionName, TransportOptions } from "./transport-options.js";

const COMPRESSION: Readonly<Record<CompressionName, CompressionTypes>> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

/** kafkajs's acks: -1 is "all". */
const ACKS: Readonly<Record<"all" | 0 | 1, number>> = { all: -1, 0: 0, 1: 1 };

/** The Transport over kafkajs: one producer (retries, idempotence, compression) and one admin (metadata). */
export class KafkajsTransport implements Transport {
  readonly #options: TransportOptions;
  readonly #kafka: Kafka;
  readonly #producer: Producer;
  readonly #admin: Admin;
  readonly #retries: KafkajsRetryWatch | undefined;
  readonly #connected = new MemoPromise(async () => {
    await Promise.all([this.#producer.connect(), this.#admin.connect()]);
  });

  constructor(options: TransportOptions) {
    this.#options = options;
    registerCompressionCodecs(kafkajs);
    const retries =
      options.onRetry === undefined ? undefined : new KafkajsRetryWatch(options.onRetry, transportSecrets(options));
    this.#retries = retries;
    const config: KafkaConfig = {
      clientId: options.clientId,
      brokers: [...options.brokers],
      // Failures reach the caller as rejected sends and the onError hook; kafkajs's own log stays quiet. Its
      // log goes to the retry watch alone, which keeps what its send retrier logs of a failed attempt (a lost
      // connection at debug level: that level costs 2 log calls per batch sent, measured, which is noise
      // against kafkajs's own hundreds of microseconds of CPU per send).
      ...(retries === undefined
        ? { logLevel: logLevel.NOTHING }
        : { logLevel: logLevel.DEBUG, logCreator: retries.logCreator }),
      retry: kafkajsRetry(options),
      requestTimeout: options.requestTimeoutMs,
      ...(options.tls === undefined ? {} : { ssl: options.tls }),
      ...(options.sasl === undefined ? {} : { sasl: options.sasl as NonNullable<KafkaConfig["sasl"]> }),
    };
    this.#kafka = new Kafka(config);
    this.#producer = this.#kafka.producer({
      // schemakit picks every partition itself (producer/partitioners); kafkajs takes it as given.
      // Called for every message of every attempt: the retry watch counts attempts by it.
      createPartitioner:
        () =>
        ({ message }) => {
          retries?.messagePartitioned();
          return message.partition as number;
        },
      idempotent: options.idempotent,
      // The producer's metadata and ours age alike: a partition we see is soon seen by kafkajs too.
      metadataMaxAge: options.metadataMaxAgeMs,
      ...(options.idempotent ? { maxInFlightRequests: 1 } : {}),
    });
    this.#admin = this.#kafka.admin();
  }

  connect(): Promise<void> {
    return this.#connected.get();
  }

  async partitionCount(topic: string): Promise<number> {
    await this.connect();
    const { topics } = await this.#admin.fetchTopicMetadata({ topics: [topic] }).catch((cause: unknown) => {
      const unknownTopic = (cause as { type?: unknown }).type === "UNKNOWN_TOPIC_OR_PARTITION";
      if (!unknownTopic) throw cause;
      // Metadata requests of the admin client never create topics; schemakit does not either.
      throw new Error(`topic "${topic}" does not exist in the cluster (create it first)`, { cause });
    });
    const count = topics.find((candidate) => candidate.name === topic)?.partitions.length ?? 0;
    if (count === 0) throw new Error(`topic "${topic}" has no partitions in the cluster metadata`);
    return count;
  }

  /**
   * Sends one batch. kafkajs skips, without a word, messages whose partition its own metadata lacks (a
   * topic that grew since its last refresh, or was re-created smaller, a cluster come back empty): such a
   * batch was not written, so it is sent again, after retryBackoffMs, until kafkajs knows the partition or
   * deliveryTimeoutMs has passed; then it fails with a retriable ProduceError. It never resolves without
   * the broker's own offset for its partition.
   */
  async send(batch: TransportBatch): Promise<TransportAck> {
    await this.connect();
    return this.#retries === undefined ? this.#send(batch) : this.#retries.watch(batch, () => this.#send(batch));
  }

  async #send(batch: TransportBatch): Promise<TransportAck> {
    const deadline = Date.now() + this.#options.deliveryTimeoutMs;
    for (;;) {
      const ack = await this.#sendOnce(batch);
      if (ack !== undefined) return ack;
      if (Date.now() + this.#options.retryBackoffMs > deadline) {
        throw new ProduceError(
          batch.topic,
          batch.partition,
          batch.records.length,
          "not written: the partition is missing from the cluster's metadata " +
            `(for deliveryTimeoutMs ${this.#options.deliveryTimeoutMs})`,
          { retriable: true },
        );
      }
      this.#retries?.retryingItself(
        retryErrorInfo(
          "ProduceError",
          "PRODUCE_FAILED",
          "not written: the partition is missing from kafkajs's metadata",
          [],
        ),
        this.#options.retryBackoffMs,
      );
      await new Promise((resolve) => setTimeout(resolve, this.#options.retryBackoffMs));
    }
  }

  async #sendOnce(batch: TransportBatch): Promise<TransportAck | undefined> {
    const sent = this.#producer.send({
      topic: batch.topic,
      acks: ACKS[this.#options.acks],
      timeout: this.#options.requestTimeoutMs,
      compression: COMPRESSION[this.#options.compression],
      messages: batch.records.map((record) => ({
        key: record.key,
        value: record.value,
        partition: batch.partition,
        timestamp: String(record.timestamp),
        ...(record.headers === undefined ? {} : { headers: { ...record.headers } }),
      })),
    });
    const results = await sent.catch((cause: unknown) => {
      throw produceFailure(batch, cause);
    });
    // With acks 0 the broker answers nothing (kafkajs returns no result): there is no offset to give.
    if (this.#options.acks === 0) return { baseOffset: "-1", logAppendTime: -1 };
    const result = results.find((candidate) => candidate.partition === batch.partition);
    if (result?.baseOffset === undefined) return undefined;
    return { baseOffset: result.baseOffset, logAppendTime: Number(result.logAppendTime ?? -1) };
  }

  async disconnect(): Promise<void> {
    const connected = this.#connected.peek();
    this.#connected.forget();
    if (connected === undefined) return;
    await connected.catch(() => undefined);
    await Promise.all([this.#producer.disconnect(), this.#admin.disconnect()]);
  }
}

// Java's retry.backoff.max.ms: backoff doubles from retryBackoffMs up to this.
const MAX_BACKOFF_MS = 1_000;

/**
 * kafkajs counts retries; Java times them. kafkajs gets as many retries as its backoff (doubling from
 * retryBackoffMs, capped at 1 s) fits into deliveryTimeoutMs, so that a broker restart within the delivery
 * timeout is ridden out, and no more than the `retries` the caller set.
 */
export function kafkajsRetry(options: TransportOptions): NonNullable<KafkaConfig["retry"]> {
  const initial = Math.max(1, options.retryBackoffMs);
  let retries = 0;
  for (let waited = 0, delay = initial; waited < options.deliveryTimeoutMs && retries < options.retries; retries += 1) {
    waited += delay;
    delay = Math.min(delay * 2, MAX_BACKOFF_MS);
  }
  return { retries, initialRetryTime: initial, maxRetryTime: Math.max(initial, MAX_BACKOFF_MS), factor: 0.2 };
}

/**
 * What a kafkajs failure means for the caller: kafkajs wraps the last error of its retries in a
 * non-retriable "number of retries exceeded"; whether the batch may be sent again is the last error's.
 */
export function produceFailure(batch: TransportBatch, cause: unknown): ProduceError {
  let root: unknown = cause;
  while (isError(root) && root.name === "KafkaJSNumberOfRetriesExceeded" && isError(root.cause)) root = root.cause;
  const retriable = isError(root) && (root as { retriable?: unknown }).retriable === true;
  const detail = isError(root) ? `${root.name}: ${root.message}` : String(root);
  return new ProduceError(batch.topic, batch.partition, batch.records.length, detail, { cause, retriable });
}

function isError(value: unknown): value is Error {
  return value instanceof Error;
}
