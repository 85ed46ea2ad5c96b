import { BrokerError, ProduceError, SdkError } from "../../../errors/index.js";
import type { ConnectionOptions as TlsOptions } from "node:tls";
import { SYSTEM_CLOCK, type Clock } from "../../../internal/clock.js";
import type { CompressionName, SaslOptions } from "../../producer-options.js";
import { describeRetryError, transportSecrets } from "../retry-report.js";
import type { BatchRetry, Transport, TransportAck, TransportBatch } from "../transport.js";
import { WireBatch } from "./wire-batch.js";
import { BrokerPool } from "./broker-pool.js";
import { type DeliveryPolicy, retryBackoff, retryRefusal } from "./delivery-policy.js";
import { IdempotentProducerState } from "./idempotent-producer-state.js";
import { MetadataCache } from "./metadata-cache.js";
import { type EncodedBatch, PartitionPipeline, type PipelineOptions } from "./partition-pipeline.js";
import { ProduceDispatcher } from "./produce-dispatcher.js";
import { kafkaError, UNKNOWN_TOPIC_OR_PARTITION } from "./protocol/error-codes.js";
import { INIT_PRODUCER_ID } from "./protocol/init-producer-id.js";
import { NO_PRODUCER_STATE, RecordBatchBuilder } from "./record-batch/record-batch-builder.js";

// Java's max.in.flight.requests.per.connection: 5 is the most idempotence allows (brokers keep the
// metadata of the last 5 batches per producer to recognise duplicates).
const MAX_IN_FLIGHT = 5;
// Java's retry.backoff.max.ms and socket.connection.setup.timeout.ms defaults.
const RETRY_BACKOFF_MAX_MS = 1_000;
const CONNECT_TIMEOUT_MS = 10_000;

const ACKS: Readonly<Record<"all" | 0 | 1, -1 | 0 | 1>> = { all: -1, 0: 0, 1: 1 };

/** What the wire transport needs of the producer's options (the resolved producer options fit). */
export interface WireTransportOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly tls: boolean | TlsOptions | undefined;
  readonly sasl: SaslOptions | undefined;
  readonly requestTimeoutMs: number;
  readonly acks: 0 | 1 | "all";
  readonly retryBackoffMs: number;
  /** At most this many retries of a batch; deliveryTimeoutMs bounds them in any case. */
  readonly retries: number;
  readonly idempotent: boolean;
  readonly compression: CompressionName;
  readonly metadataMaxAgeMs: number;
  readonly deliveryTimeoutMs: number;
  /** A Produce request collects batches for one broker up to about this many bytes; default 1 MiB (Java). */
  readonly maxRequestSizeBytes?: number;
  /** Time for request timeouts, backoffs and metadata age; default the system clock. */
  readonly clock?: Clock;
  /** Told of every batch retry; must not throw. */
  readonly onRetry?: ((retry: BatchRetry) => void) | undefined;
}

const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * schemakit's own Kafka produce path over node:net/node:tls: one RecordBatch v2 per Transport batch,
 * one pipeline per partition (ordered, up to 5 in flight, retried until deliveryTimeoutMs), metadata
 * with leaders, and the idempotent producer's id, epoch and sequences.
 */
export class WireTransport implements Transport {
  readonly #options: WireTransportOptions;
  readonly #clock: Clock;
  readonly #pool: BrokerPool;
  readonly #metadata: MetadataCache;
  readonly #dispatcher: ProduceDispatcher;
  readonly #idempotence: IdempotentProducerState | undefined;
  readonly #policy: DeliveryPolicy;
  readonly #pipelines = new Map<string, PartitionPipeline>();
  #connected: Promise<void> | undefined;

  constructor(options: WireTransportOptions) {
    this.#options = options;
    this.#clock = options.clock ?? SYSTEM_CLOCK;
    this.#pool = new BrokerPool(options.brokers, {
      clientId: options.clientId,
      tls: options.tls,
      sasl: options.sasl,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      requestTimeoutMs: options.requestTimeoutMs,
      maxInFlight: MAX_IN_FLIGHT,
      clock: this.#clock,
    });
    this.#metadata = new MetadataCache(this.#pool, this.#clock, options.metadataMaxAgeMs);
    this.#dispatcher = new ProduceDispatcher({
      pool: this.#pool,
      metadata: this.#metadata,
      acks: ACKS[options.acks],
      timeoutMs: options.requestTimeoutMs,
      maxRequestBytes: options.maxRequestSizeBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    });
    this.#idempotence = options.idempotent ? new IdempotentProducerState(() => this.#initProducerId()) : undefined;
    this.#policy = {
      retryBackoffMs: options.retryBackoffMs,
      retryBackoffMaxMs: Math.max(options.retryBackoffMs, RETRY_BACKOFF_MAX_MS),
      deliveryTimeoutMs: options.deliveryTimeoutMs,
      maxRetries: options.retries,
      random: Math.random,
    };
  }

  connect(): Promise<void> {
    this.#connected ??= (async () => {
      this.#pool.reopen();
      await this.#pool.anyConnection();
      await this.#idempotence?.init();
    })().catch((error: unknown) => {
      this.#connected = undefined;
      throw error;
    });
    return this.#connected;
  }

  /** InitProducerId, tried again on retriable errors (coordinator loading, broker down) until deliveryTimeoutMs. */
  async #initProducerId(): Promise<{ producerId: bigint; producerEpoch: number }> {
    const clock = this.#clock;
    const startedAt = clock.now();
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#initProducerIdOnce();
      } catch (error) {
        const backoff = retryBackoff(this.#policy, attempt);
        const refusal = retryRefusal(this.#policy, startedAt, clock.now(), backoff, attempt);
        if (!(SdkError.is(error) && error.retriable) || refusal !== undefined) throw error;
        await clock.sleep(backoff);
      }
    }
  }

  async #initProducerIdOnce(): Promise<{ producerId: bigint; producerEpoch: number }> {
    const connection = await this.#pool.anyConnection();
    const response = await connection.send(INIT_PRODUCER_ID, { transactionalId: null, transactionTimeoutMs: 60_000 });
    const context = { broker: connection.address, api: "InitProducerId" };
    if (response === undefined) throw new BrokerError(context, undefined, undefined, "no response");
    if (response.errorCode !== 0) {
      const info = kafkaError(response.errorCode);
      throw new BrokerError(context, response.errorCode, info.name, info.name, { retriable: info.retriable });
    }
    return { producerId: response.producerId, producerEpoch: response.producerEpoch };
  }

  /** Connects, or fails with a ProduceError for `topic` that keeps the cause and its `retriable`. */
  async #connectFor(topic: string, partition: number | undefined, recordCount: number): Promise<void> {
    try {
      await this.connect();
    } catch (cause) {
      const detail = `cannot reach the brokers: ${cause instanceof Error ? cause.message : String(cause)}`;
      throw new ProduceError(topic, partition, recordCount, detail, {
        cause,
        retriable: SdkError.is(cause) && cause.retriable,
      });
    }
  }

  async partitionCount(topic: string): Promise<number> {
    await this.#connectFor(topic, undefined, 0);
    const metadata = await this.#metadata.refresh(topic).catch((cause: unknown) => {
      throw new ProduceError(topic, undefined, 0, "cannot read the topic's metadata", {
        cause,
        retriable: SdkError.is(cause) && cause.retriable,
      });
    });
    if (metadata.errorCode === UNKNOWN_TOPIC_OR_PARTITION)
      throw new ProduceError(topic, undefined, 0, "the topic does not exist in the cluster (create it first)");
    if (metadata.errorCode !== 0 || metadata.partitions.size === 0) {
      const info = kafkaError(metadata.errorCode);
      throw new ProduceError(topic, undefined, 0, `the topic has no partitions in the metadata (${info.name})`, {
        retriable: true,
      });
    }
    return metadata.partitions.size;
  }

  /** Records are encoded into the RecordBatch as they are appended: `send` only seals it. */
  createBatch(topic: string, partition: number, sizeHintBytes: number): WireBatch {
    return new WireBatch(topic, partition, sizeHintBytes);
  }

  /** Sends a batch made by createBatch, or a list of records (encoded here). */
  async send(batch: TransportBatch | WireBatch): Promise<TransportAck> {
    const { builder } = batch instanceof WireBatch ? batch : { builder: encodeRecords(batch) };
    const count = builder.count;
    if (this.#connected === undefined) await this.#connectFor(batch.topic, batch.partition, count);
    else await this.#connected.catch(() => this.#connectFor(batch.topic, batch.partition, count));
    return this.#pipeline(batch.topic, batch.partition).send(this.#encode(builder));
  }

  // An idempotent batch gets its producer fields and CRC when first sent (its sequence is known then).
  #encode(builder: RecordBatchBuilder): EncodedBatch {
    const producer = this.#idempotence === undefined ? NO_PRODUCER_STATE : undefined;
    const batch = builder.finish({ compression: this.#options.compression, producer });
    const split =
      builder.count < 2
        ? undefined
        : (): readonly [EncodedBatch, EncodedBatch] => {
            const [first, second] = builder.split();
            return [this.#encode(first), this.#encode(second)];
          };
    return { batch, recordCount: builder.count, split };
  }

  #pipeline(topic: string, partition: number): PartitionPipeline {
    const key = `${topic}\u0000${partition}`;
    let pipeline = this.#pipelines.get(key);
    if (pipeline === undefined) {
      pipeline = new PartitionPipeline({
        topic,
        partition,
        dispatcher: this.#dispatcher,
        policy: this.#policy,
        clock: this.#clock,
        idempotence: this.#idempotence,
        maxInFlight: MAX_IN_FLIGHT,
        onRetry: this.#retryReporter(topic, partition),
      });
      this.#pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  #retryReporter(topic: string, partition: number): PipelineOptions["onRetry"] {
    const { onRetry } = this.#options;
    if (onRetry === undefined) return undefined;
    const secrets = transportSecrets(this.#options);
    return ({ attempt, recordCount, error, backoffMs }) =>
      onRetry({ topic, partition, attempt, recordCount, error: describeRetryError(error, secrets), backoffMs });
  }

  async disconnect(): Promise<void> {
    const connected = this.#connected;
    this.#connected = undefined;
    if (connected === undefined) return;
    await connected.catch(() => undefined);
    await this.#pool.close();
  }
}

function encodeRecords(batch: TransportBatch): RecordBatchBuilder {
  // Header, plus each record's bytes and a generous allowance for its varints and headers.
  let bytes = 61;
  for (const record of batch.records) bytes += (record.key?.length ?? 0) + record.value.length + 32;
  const builder = new RecordBatchBuilder(bytes);
  for (const record of batch.records) builder.append(record.key, record.value, record.headers, record.timestamp);
  return builder;
}
