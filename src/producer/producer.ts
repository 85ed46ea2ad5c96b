import { channel } from "node:diagnostics_channel";
import { ConfigError } from "../errors/index.js";
import type { TopicBinding, BoundRecordClass, SubjectNameStrategyName } from "./topic-binding.js";
import { type AvroRecordDesc, descriptorOf, type ProtobufMessageDesc } from "../schema/index.js";
import { createSerializer } from "../serde/index.js";
import type { SerializerOptions } from "../serde/serde-options.js";
import { RecordAccumulator } from "./accumulator/record-accumulator.js";
import { keyRecordClass, type KeyKind } from "./keys/key-encoder.js";
import { resolvePartitioner, type PartitionerSpec } from "./partitioners/resolve-partitioner.js";
import { resolveProducerOptions, type ProducerOptions, type ResolvedProducerOptions } from "./producer-options.js";
import { type BatchOutcome, ProducerMetrics, type ProducerMetricsSnapshot } from "./producer-metrics.js";
import { SendGate } from "./send-gate.js";
import { TopicMetadata } from "./topic-metadata.js";
import { TopicProducer } from "./topic-producer.js";
import { ProducerTracing } from "./tracing.js";
import { createTransport } from "./transport/create-transport.js";
import type { Transport } from "./transport/transport.js";

/** Failed sends are published here too: `{ error }`, for logging and metrics without a hook. */
export const PRODUCE_ERROR_CHANNEL = "schemakit:produce";

/** A topic's options when it is not given as a generated binding. */
export interface TopicOptions<V, VI, K> {
  /** The value record or message class (generated), or a descriptor (defineAvroRecord, defineProtobufMessage). */
  readonly value: BoundRecordClass<V, VI> | AvroRecordDesc<V, VI> | ProtobufMessageDesc<V, VI>;
  /**
   * How keys are serialized: "string" (default when keys are given), "bytes", or a key record class
   * (subject `<topic>-key`).
   */
  readonly key?: "string" | "bytes" | BoundRecordClass<K, never>;
  /** Makes the key of a record (overridden by `send(value, { key })`). */
  readonly keyMaker?: (record: V | VI) => K | string | Buffer | null | undefined;
  /** Default "murmur2": Java's partition for keyed records, sticky for keyless ones. */
  readonly partitioner?: PartitionerSpec;
  /** Default "topic" (`<topic>-value`, Java's default). */
  readonly subjectNameStrategy?: SubjectNameStrategyName;
  /**
   * Serializer options beyond the registry and strategy: useLatest, schemaId, autoRegister, normalize,
   * lockfile. A key record's serializer gets them too, but for schemaId (the value's schema).
   */
  readonly serializer?: Omit<SerializerOptions, "registry" | "subjectNameStrategy" | "isKey">;
}

/**
 * A schema-aware Kafka producer: typed topics, Java-compatible partitioning, per-partition batching with
 * linger and size, bounded buffer memory, compression, per-record metadata, and a flush()/close() that
 * settle every record accepted. Construction does no I/O; the first send of a topic connects, registers
 * its schema and reads its partition count.
 */
export class Producer {
  readonly #options: ResolvedProducerOptions;
  readonly #transport: Transport;
  readonly #accumulator: RecordAccumulator;
  readonly #gate = new SendGate();
  readonly #reportError: (error: unknown) => void;
  readonly #metrics = new ProducerMetrics();
  readonly #tracing: ProducerTracing | undefined;
  readonly #topics = new Map<string, TopicProducer<unknown, unknown, unknown>>();
  #closing: Promise<void> | undefined;

  constructor(options: ProducerOptions) {
    this.#options = resolveProducerOptions(options);
    const { tracing } = this.#options;
    this.#tracing = tracing === undefined ? undefined : new ProducerTracing(tracing);
    const { clock } = this.#options;
    const { transport } = this.#options;
    this.#transport =
      typeof transport === "string"
        ? createTransport(transport, { ...this.#options, onRetry: this.#metrics.retried })
        : transport;
    this.#accumulator = new RecordAccumulator({
      lingerMs: this.#options.lingerMs,
      batchSizeBytes: this.#options.batchSizeBytes,
      maxRequestSizeBytes: this.#options.maxRequestSizeBytes,
      deliveryTimeoutMs: this.#options.deliveryTimeoutMs,
      bufferMemoryBytes: this.#options.bufferMemoryBytes,
      maxBlockMs: this.#options.maxBlockMs,
      clock,
      transport: this.#transport,
      // Java's max.in.flight.requests.per.connection with idempotence: sequence numbers keep the order.
      maxInFlightPerPartition: transport === "wire" && this.#options.idempotent ? 5 : 1,
      onBatchSettled: this.#batchSettled(),
    });
    this.#reportError = errorReporter(this.#options.onError);
  }

  // Without tracing, the metrics' own hook: nothing more per batch.
  #batchSettled(): (outcome: BatchOutcome) => void {
    const tracing = this.#tracing;
    const record = this.#metrics.record;
    if (tracing === undefined) return record;
    return (outcome) => {
      record(outcome);
      tracing.batchSettled(outcome);
    };
  }

  /** A typed producer for one topic, from a generated binding (topics.ts) or from options. Sync, no I/O. */
  topic<V, VI, K>(binding: TopicBinding<V, VI, K>): TopicProducer<V, VI, K>;
  topic<V, VI = V, K = never>(name: string, options: TopicOptions<V, VI, K>): TopicProducer<V, VI, K>;
  topic<V, VI, K>(first: TopicBinding<V, VI, K> | string, second?: TopicOptions<V, VI, K>): TopicProducer<V, VI, K> {
    const name = typeof first === "string" ? first : first.topic;
    const options: TopicOptions<V, VI, K> =
      typeof first === "string" ? (second as TopicOptions<V, VI, K>) : fromBinding(first);
    if (typeof options !== "object" || options === null || options.value === undefined)
      throw new ConfigError("topic", "a topic binding, or a name and options with a value type", first);
    const valueName = descriptorOf(options.value).name;
    const existing = this.#topics.get(name);
    if (existing !== undefined) {
      // One TopicProducer per topic (its partitioner state and call order are per topic).
      if (existing.valueName !== valueName)
        throw new ConfigError(
          `topic("${name}")`,
          `the value type it was first bound to (${existing.valueName})`,
          valueName,
        );
      return existing as unknown as TopicProducer<V, VI, K>;
    }
    const created = this.#createTopic(name, options);
    this.#topics.set(name, created as unknown as TopicProducer<unknown, unknown, unknown>);
    return created;
  }

  /** Counts since the producer was created, and buffer memory now (Java's producer metrics, per topic too). */
  metrics(): ProducerMetricsSnapshot {
    const { bufferMemoryBytes } = this.#options;
    const buffer = {
      totalBytes: bufferMemoryBytes,
      usedBytes: this.#accumulator.usedBytes,
      waiting: this.#accumulator.waitingCount,
    };
    return this.#metrics.snapshot(buffer);
  }

  /** Sends everything buffered now; resolves when every send made before it has settled (acknowledged or failed). */
  async flush(): Promise<void> {
    // Sends still on their way in (schema registration, buffer memory) join the flush as they arrive.
    await this.#accumulator.flush(this.#gate.arrived());
  }

  /** Stops accepting sends (they reject with ProducerClosedError), flushes, then disconnects. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#gate.close();
      await this.flush();
      await this.#transport.disconnect();
    })();
    return this.#closing;
  }

  #createTopic<V, VI, K>(topic: string, options: TopicOptions<V, VI, K>): TopicProducer<V, VI, K> {
    const { registry } = this.#options;
    const strategy = options.subjectNameStrategy ?? "topic";
    const value = createSerializer(options.value, {
      ...options.serializer,
      registry,
      subjectNameStrategy: strategy,
    });
    const keyKind: KeyKind = options.key ?? undefined;
    const keyClass = keyRecordClass(keyKind);
    const key =
      keyClass === undefined
        ? undefined
        : createSerializer(keyClass.schema, {
            ...keyOptions(options.serializer),
            registry,
            subjectNameStrategy: strategy,
            isKey: true,
          });
    const { clock, metadataMaxAgeMs } = this.#options;
    return new TopicProducer<V, VI, K>(
      topic,
      { value, key, keyKind, keyMaker: options.keyMaker, partitioner: resolvePartitioner(options.partitioner) },
      {
        accumulator: this.#accumulator,
        gate: this.#gate,
        metadata: new TopicMetadata(topic, this.#transport, clock, metadataMaxAgeMs),
        clock,
        reportError: this.#reportError,
        tracing: this.#tracing,
      },
    );
  }
}

/**
 * The key serializer's options: the topic's, so that a lockfile (or lookup-only, useLatest) governs keys
 * as it does values; a pinned schemaId names the value's schema, not the key's, so it stays with the value.
 */
function keyOptions(
  options: TopicOptions<unknown, unknown, unknown>["serializer"],
): Omit<SerializerOptions, "registry"> {
  if (options === undefined) return {};
  const { schemaId: _valueOnly, ...rest } = options;
  return rest;
}

/** Failed sends go to the diagnostics channel and the onError hook; a hook never throws into the producer. */
function errorReporter(onError: ((error: Error) => void) | undefined): (error: unknown) => void {
  const produceErrors = channel(PRODUCE_ERROR_CHANNEL);
  return (error) => {
    if (produceErrors.hasSubscribers) produceErrors.publish({ error });
    try {
      onError?.(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // Swallowed on purpose: the failure it reports already reached the send's caller.
    }
  };
}

/** `createProducer(options)`: no I/O until the first send. */
export function createProducer(options: ProducerOptions): Producer {
  return new Producer(options);
}

function fromBinding<V, VI, K>(binding: TopicBinding<V, VI, K>): TopicOptions<V, VI, K> {
  const { keyField } = binding;
  return {
    value: binding.value,
    ...(binding.key === undefined ? {} : { key: binding.key }),
    ...(keyField === undefined
      ? {}
      : { keyMaker: (record: V | VI) => (record as Record<string, unknown>)[keyField] as string | Buffer }),
    partitioner: binding.partitioner,
    subjectNameStrategy: binding.subjectNameStrategy,
  };
}
