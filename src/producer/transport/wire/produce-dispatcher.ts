import { BrokerError } from "../../../errors/index.js";
import type { BrokerPool } from "./broker-pool.js";
import type { MetadataCache } from "./metadata-cache.js";
import type { DispatchOutcome, PartitionDispatcher, PartitionRoute, RouteResult } from "./partition-pipeline.js";
import { unreachable } from "./partition-pipeline.js";
import { kafkaError, LEADER_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION } from "./protocol/error-codes.js";
import { PRODUCE } from "./protocol/produce.js";

export interface ProduceDispatcherOptions {
  readonly pool: BrokerPool;
  readonly metadata: MetadataCache;
  readonly acks: -1 | 0 | 1;
  /** How long the broker may wait for replicas (acks=all) before it answers REQUEST_TIMED_OUT. */
  readonly timeoutMs: number;
}

/** Finds a partition's leader in the metadata and sends it one Produce request per batch. */
export class ProduceDispatcher implements PartitionDispatcher {
  readonly #options: ProduceDispatcherOptions;

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
      const { acks, timeoutMs } = this.#options;
      const route: PartitionRoute = {
        send: (batch) =>
          connection
            .send(PRODUCE, { acks, timeoutMs, topics: [{ topic, partitions: [{ partition, records: batch }] }] })
            .then(
              (response): DispatchOutcome => {
                if (response === undefined) return { kind: "ok", baseOffset: -1n, logAppendTimeMs: -1n };
                const answer = response.topics
                  .find((candidate) => candidate.topic === topic)
                  ?.partitions.find((candidate) => candidate.partition === partition);
                if (answer === undefined) {
                  const error = new BrokerError(
                    { broker: connection.address, api: "Produce" },
                    undefined,
                    undefined,
                    `the response has no result for ${topic}/${partition}`,
                  );
                  return { kind: "error", error, kafkaErrorCode: undefined, retriable: false, refreshMetadata: false };
                }
                if (answer.errorCode === 0)
                  return { kind: "ok", baseOffset: answer.baseOffset, logAppendTimeMs: answer.logAppendTimeMs };
                const info = kafkaError(answer.errorCode);
                const error = new BrokerError(
                  { broker: connection.address, api: "Produce" },
                  answer.errorCode,
                  info.name,
                  answer.errorMessage === null ? info.name : `${info.name}: ${answer.errorMessage}`,
                  { retriable: info.retriable },
                );
                return {
                  kind: "error",
                  error,
                  kafkaErrorCode: answer.errorCode,
                  retriable: info.retriable,
                  refreshMetadata: info.refreshMetadata,
                };
              },
              (error: unknown) => unreachable(error),
            ),
      };
      return { kind: "route", route };
    } catch (error) {
      return unreachable(error);
    }
  }

  #metadataError(topic: string, code: number): RouteResult {
    const info = kafkaError(code);
    const error = new BrokerError(
      { broker: undefined, api: "Metadata" },
      code,
      info.name,
      `topic "${topic}": ${info.name}`,
      {
        retriable: info.retriable,
      },
    );
    return { kind: "error", error, kafkaErrorCode: code, retriable: info.retriable, refreshMetadata: true };
  }
}
