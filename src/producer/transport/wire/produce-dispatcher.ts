import { BrokerError } from "../../../errors/index.js";
import type { BrokerPool } from "./broker-pool.js";
import type { BrokerConnection } from "./connection.js";
import type { MetadataCache } from "./metadata-cache.js";
import type { DispatchOutcome, PartitionDispatcher, RouteResult } from "./partition-pipeline.js";
import { unreachable } from "./partition-pipeline.js";
import { kafkaError, LEADER_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION } from "./protocol/error-codes.js";
import { PRODUCE, type ProduceResponse, type ProduceTopicData } from "./protocol/produce.js";

export interface ProduceDispatcherOptions {
  readonly pool: BrokerPool;
  readonly metadata: MetadataCache;
  readonly acks: -1 | 0 | 1;
  /** How long the broker may wait for replicas (acks=all) before it answers REQUEST_TIMED_OUT. */
  readonly timeoutMs: number;
  /** A request collects batches up to about this many bytes (Java's max.request.size). */
  readonly maxRequestBytes: number;
}

interface Waiting {
  readonly topic: string;
  readonly partition: number;
  readonly batch: Buffer;
  readonly settle: (outcome: DispatchOutcome) => void;
}

/**
 * Batches for one broker collected into one Produce request, as Java's sender drains every ready
 * partition of a node into one request: fewer, larger requests per broker. Batches handed over in the
 * same turn of the event loop share a request; a second batch of a partition already in it starts the
 * next request, so a partition's batches still go out in order.
 */
class ProduceRequestCollector {
  readonly #connection: BrokerConnection;
  readonly #options: ProduceDispatcherOptions;
  #waiting: Waiting[] = [];
  #keys = new Set<string>();
  #bytes = 0;
  #scheduled = false;

  constructor(connection: BrokerConnection, options: ProduceDispatcherOptions) {
    this.#connection = connection;
    this.#options = options;
  }

  add(topic: string, partition: number, batch: Buffer): Promise<DispatchOutcome> {
    const key = `${topic}\u0000${partition}`;
    if (this.#keys.has(key) || this.#bytes + batch.length > this.#options.maxRequestBytes) this.flush();
    return new Promise<DispatchOutcome>((settle) => {
      this.#waiting.push({ topic, partition, batch, settle });
      this.#keys.add(key);
      this.#bytes += batch.length;
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  flush(): void {
    this.#scheduled = false;
    const waiting = this.#waiting;
    if (waiting.length === 0) return;
    this.#waiting = [];
    this.#keys = new Set();
    this.#bytes = 0;
    const topics = new Map<string, { partition: number; records: Buffer }[]>();
    for (const { topic, partition, batch } of waiting) {
      let partitions = topics.get(topic);
      if (partitions === undefined) {
        partitions = [];
        topics.set(topic, partitions);
      }
      partitions.push({ partition, records: batch });
    }
    const topicData: ProduceTopicData[] = [...topics].map(([topic, partitions]) => ({ topic, partitions }));
    const { acks, timeoutMs } = this.#options;
    this.#connection.send(PRODUCE, { acks, timeoutMs, topics: topicData }).then(
      (response) => {
        for (const entry of waiting) entry.settle(this.#outcome(response, entry));
      },
      (error: unknown) => {
        const outcome = unreachable(error);
        for (const entry of waiting) entry.settle(outcome);
      },
    );
  }

  #outcome(response: ProduceResponse | undefined, { topic, partition }: Waiting): DispatchOutcome {
    if (response === undefined) return { kind: "ok", baseOffset: -1n, logAppendTimeMs: -1n };
    const answer = response.topics
      .find((candidate) => candidate.topic === topic)
      ?.partitions.find((candidate) => candidate.partition === partition);
    const context = { broker: this.#connection.address, api: "Produce" };
    if (answer === undefined) {
      const detail = `the response has no result for ${topic}/${partition}`;
      const error = new BrokerError(context, undefined, undefined, detail);
      return { kind: "error", error, kafkaErrorCode: undefined, retriable: false, refreshMetadata: false };
    }
    if (answer.errorCode === 0)
      return { kind: "ok", baseOffset: answer.baseOffset, logAppendTimeMs: answer.logAppendTimeMs };
    const info = kafkaError(answer.errorCode);
    const detail = answer.errorMessage === null ? info.name : `${info.name}: ${answer.errorMessage}`;
    const error = new BrokerError(context, answer.errorCode, info.name, detail, { retriable: info.retriable });
    return {
      kind: "error",
      error,
      kafkaErrorCode: answer.errorCode,
      retriable: info.retriable,
      refreshMetadata: info.refreshMetadata,
    };
  }
}

/** Finds a partition's leader in the metadata and hands its batches to that broker's request collector. */
export class ProduceDispatcher implements PartitionDispatcher {
  readonly #options: ProduceDispatcherOptions;
  readonly #collectors = new WeakMap<BrokerConnection, ProduceRequestCollector>();

  constructor(options: ProduceDispatcherOptions) {
    this.#options = options;
  }

  invalidateMetadata(topic: string): void {
    this.#options.metadata.invalidate(topic);
  }

  async route(topic: string, partition: number): Promise<RouteResult> {
    const { metadata, pool } = this.#options;
    try {
      let topicMetadata = await metadata.topic(topic);
      let leader = topicMetadata.partitions.get(partition);
      if (leader === undefined) {
        topicMetadata = await metadata.refresh(topic);
        leader = topicMetadata.partitions.get(partition);
      }
      if (leader === undefined) {
        if (topicMetadata.errorCode !== 0 && topicMetadata.errorCode !== UNKNOWN_TOPIC_OR_PARTITION)
          return this.#metadataError(topic, topicMetadata.errorCode);
        return { kind: "missing", partitionCount: topicMetadata.partitions.size };
      }
      if (leader.leaderId < 0 || !pool.hasNode(leader.leaderId)) {
        metadata.invalidate(topic);
        return this.#metadataError(topic, leader.errorCode === 0 ? LEADER_NOT_AVAILABLE : leader.errorCode);
      }
      const connection = await pool.connectionTo(leader.leaderId);
      let collector = this.#collectors.get(connection);
      if (collector === undefined) {
        collector = new ProduceRequestCollector(connection, this.#options);
        this.#collectors.set(connection, collector);
      }
      const target = collector;
      return { kind: "route", route: { send: (batch) => target.add(topic, partition, batch) } };
    } catch (error) {
      return unreachable(error);
    }
  }

  #metadataError(topic: string, code: number): RouteResult {
    const info = kafkaError(code);
    const detail = `topic "${topic}": ${info.name}`;
    const error = new BrokerError({ broker: undefined, api: "Metadata" }, code, info.name, detail, {
      retriable: info.retriable,
    });
    return { kind: "error", error, kafkaErrorCode: code, retriable: info.retriable, refreshMetadata: true };
  }
}
