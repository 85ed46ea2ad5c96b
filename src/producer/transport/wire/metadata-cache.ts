import { BrokerError } from "../../../errors/index.js";
import type { Clock } from "../../../internal/clock.js";
import type { BrokerConnection } from "./connection.js";
import { kafkaError, UNKNOWN_TOPIC_OR_PARTITION } from "./protocol/error-codes.js";
import { METADATA, type MetadataBroker, type MetadataPartition } from "./protocol/metadata.js";

/** Where metadata comes from: any broker that answers (the BrokerPool), told the brokers it names. */
export interface MetadataSource {
  anyConnection(): Promise<Pick<BrokerConnection, "address" | "send">>;
  setNodes(nodes: readonly MetadataBroker[]): void;
}

export interface TopicMetadata {
  /** Error of the topic as a whole (UNKNOWN_TOPIC_OR_PARTITION, ...); 0 when it is fine. */
  readonly errorCode: number;
  readonly partitions: ReadonlyMap<number, MetadataPartition>;
  readonly fetchedAt: number;
}

/**
 * Topic metadata (partitions and their leaders) from the brokers, kept up to `maxAgeMs` and refreshed
 * sooner when a produce error says a leader moved (`invalidate`). Concurrent refreshes of a topic share
 * one Metadata request.
 */
export class MetadataCache {
  readonly #pool: MetadataSource;
  readonly #clock: Clock;
  readonly #maxAgeMs: number;
  readonly #topics = new Map<string, TopicMetadata>();
  readonly #refreshing = new Map<string, Promise<TopicMetadata>>();

  constructor(pool: MetadataSource, clock: Clock, maxAgeMs: number) {
    this.#pool = pool;
    this.#clock = clock;
    this.#maxAgeMs = maxAgeMs;
  }

  /** The topic's metadata, fetched when absent, stale, or invalidated. */
  topic(topic: string): Promise<TopicMetadata> {
    const cached = this.#topics.get(topic);
    if (cached !== undefined && this.#clock.now() - cached.fetchedAt < this.#maxAgeMs) return Promise.resolve(cached);
    return this.refresh(topic);
  }

  /** Forgets the topic's metadata: the next `topic` call asks a broker. */
  invalidate(topic: string): void {
    this.#topics.delete(topic);
  }

  refresh(topic: string): Promise<TopicMetadata> {
    const running = this.#refreshing.get(topic);
    if (running !== undefined) return running;
    const refreshing = this.#fetch(topic).finally(() => this.#refreshing.delete(topic));
    this.#refreshing.set(topic, refreshing);
    return refreshing;
  }

  async #fetch(topic: string): Promise<TopicMetadata> {
    const connection = await this.#pool.anyConnection();
    const response = await connection.send(METADATA, { topics: [topic], allowAutoTopicCreation: false });
    if (response === undefined)
      throw new BrokerError({ broker: connection.address, api: "Metadata" }, undefined, undefined, "no response");
    this.#pool.setNodes(response.brokers);
    const answer = response.topics.find((candidate) => candidate.name === topic);
    const errorCode = answer === undefined ? UNKNOWN_TOPIC_OR_PARTITION : answer.errorCode;
    if (errorCode !== 0 && errorCode !== UNKNOWN_TOPIC_OR_PARTITION && !kafkaError(errorCode).retriable) {
      const info = kafkaError(errorCode);
      throw new BrokerError(
        { broker: connection.address, api: "Metadata" },
        errorCode,
        info.name,
        `topic "${topic}": ${info.name}`,
      );
    }
    const metadata: TopicMetadata = {
      errorCode,
      partitions: new Map((answer?.partitions ?? []).map((partition) => [partition.partition, partition])),
      fetchedAt: this.#clock.now(),
    };
    // A topic in error (being created, leader moving) is asked again next time, not kept for maxAgeMs.
    if (errorCode === 0) this.#topics.set(topic, metadata);
    else this.#topics.delete(topic);
    return metadata;
  }
}
