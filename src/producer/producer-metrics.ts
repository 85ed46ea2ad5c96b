import { channel } from "node:diagnostics_channel";
import type { BatchRetry } from "./transport/transport.js";

export type { BatchRetry, RetryErrorInfo } from "./transport/transport.js";

/** Every settled batch is published here: `BatchOutcome`, for logs, metrics and traces without a hook. */
export const BATCH_CHANNEL = "schemakit:batch";

/**
 * Every retry of a batch is published here, on both transports: `BatchRetry` (topic, partition, attempt,
 * record count, the failed attempt's error as text, the backoff chosen).
 */
export const RETRY_CHANNEL = "schemakit:retry";

/** What became of one batch (one topic-partition, one produce request). */
export interface BatchOutcome {
  readonly topic: string;
  readonly partition: number;
  readonly recordCount: number;
  readonly sizeBytes: number;
  /** From the request being sent to its answer; 0 for a batch that expired before it was sent. */
  readonly latencyMs: number;
  /** Set when the batch failed: every record of it rejected with this. */
  readonly error: Error | undefined;
}

/** Per topic, as Java's producer-topic-metrics. */
export interface TopicMetrics {
  readonly recordsSent: number;
  readonly recordsFailed: number;
  /** Records in batches tried again, once per retry (Java's record-retry-total). */
  readonly recordsRetried: number;
  readonly bytesSent: number;
}

/**
 * A snapshot comparable to Java's producer metrics (record-send-total, record-error-total,
 * batch-size-avg, records-per-request-avg, request-latency-avg/max, buffer-available-bytes,
 * waiting-threads), with per-topic counts.
 */
export interface ProducerMetricsSnapshot {
  /** Records acknowledged by the broker. */
  readonly recordsSent: number;
  /** Records whose batch failed (after its retries, or expired). */
  readonly recordsFailed: number;
  /** Records in batches tried again, counted once per retry (Java's record-retry-total). */
  readonly recordsRetried: number;
  readonly batchesSent: number;
  readonly batchesFailed: number;
  /** Batch retries: a batch tried three times counts two. */
  readonly batchesRetried: number;
  /** Mean bytes per batch sent (records and their framing, as counted against buffer memory). */
  readonly batchSizeAvg: number;
  /** Mean records per produce request (one batch a request). */
  readonly recordsPerRequestAvg: number;
  readonly requestLatencyAvgMs: number;
  readonly requestLatencyMaxMs: number;
  readonly bufferTotalBytes: number;
  readonly bufferAvailableBytes: number;
  /** Sends waiting for buffer memory now. */
  readonly waitingSends: number;
  readonly topics: Readonly<Record<string, TopicMetrics>>;
}

interface MutableTopicMetrics {
  recordsSent: number;
  recordsFailed: number;
  recordsRetried: number;
  bytesSent: number;
}

/**
 * Counts batch outcomes and retries (cheap: per batch, never per record) and publishes them on
 * BATCH_CHANNEL and RETRY_CHANNEL.
 */
export class ProducerMetrics {
  readonly #channel = channel(BATCH_CHANNEL);
  readonly #retryChannel = channel(RETRY_CHANNEL);
  readonly #topics = new Map<string, MutableTopicMetrics>();
  #recordsSent = 0;
  #recordsFailed = 0;
  #recordsRetried = 0;
  #batchesSent = 0;
  #batchesFailed = 0;
  #batchesRetried = 0;
  #bytesSent = 0;
  #latencyTotalMs = 0;
  #latencyMaxMs = 0;
  #requests = 0;

  /** Called by the accumulator once per settled batch. */
  readonly record = (outcome: BatchOutcome): void => {
    const topic = this.#topic(outcome.topic);
    if (outcome.error === undefined) {
      this.#recordsSent += outcome.recordCount;
      this.#batchesSent += 1;
      this.#bytesSent += outcome.sizeBytes;
      topic.recordsSent += outcome.recordCount;
      topic.bytesSent += outcome.sizeBytes;
    } else {
      this.#recordsFailed += outcome.recordCount;
      this.#batchesFailed += 1;
      topic.recordsFailed += outcome.recordCount;
    }
    if (outcome.latencyMs > 0) {
      this.#requests += 1;
      this.#latencyTotalMs += outcome.latencyMs;
      this.#latencyMaxMs = Math.max(this.#latencyMaxMs, outcome.latencyMs);
    }
    if (this.#channel.hasSubscribers) this.#channel.publish(outcome);
  };

  /** Called by the transport once per batch retry. */
  readonly retried = (retry: BatchRetry): void => {
    this.#batchesRetried += 1;
    this.#recordsRetried += retry.recordCount;
    this.#topic(retry.topic).recordsRetried += retry.recordCount;
    if (this.#retryChannel.hasSubscribers) this.#retryChannel.publish(retry);
  };

  snapshot(buffer: {
    readonly totalBytes: number;
    readonly usedBytes: number;
    readonly waiting: number;
  }): ProducerMetricsSnapshot {
    const topics: Record<string, TopicMetrics> = {};
    for (const [name, metrics] of this.#topics) topics[name] = { ...metrics };
    const snapshot: ProducerMetricsSnapshot = {
      recordsSent: this.#recordsSent,
      recordsFailed: this.#recordsFailed,
      recordsRetried: this.#recordsRetried,
      batchesSent: this.#batchesSent,
      batchesFailed: this.#batchesFailed,
      batchesRetried: this.#batchesRetried,
      batchSizeAvg: this.#batchesSent === 0 ? 0 : this.#bytesSent / this.#batchesSent,
      recordsPerRequestAvg: this.#batchesSent === 0 ? 0 : this.#recordsSent / this.#batchesSent,
      requestLatencyAvgMs: this.#requests === 0 ? 0 : this.#latencyTotalMs / this.#requests,
      requestLatencyMaxMs: this.#latencyMaxMs,
      bufferTotalBytes: buffer.totalBytes,
      bufferAvailableBytes: buffer.totalBytes - buffer.usedBytes,
      waitingSends: buffer.waiting,
      topics,
    };
    return snapshot;
  }

  #topic(name: string): MutableTopicMetrics {
    let metrics = this.#topics.get(name);
    if (metrics === undefined) {
      metrics = { recordsSent: 0, recordsFailed: 0, recordsRetried: 0, bytesSent: 0 };
      this.#topics.set(name, metrics);
    }
    return metrics;
  }
}
