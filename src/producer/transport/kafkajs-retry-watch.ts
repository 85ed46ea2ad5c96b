import { AsyncLocalStorage } from "node:async_hooks";
import { retryErrorInfo } from "./retry-report.js";
import type { BatchRetry, RetryErrorInfo, TransportBatch } from "./transport.js";

/** What kafkajs hands a logCreator's function (its LogEntry, reduced to what is read here). */
export interface KafkajsLogEntry {
  readonly namespace: string;
  readonly log: { readonly message?: unknown; readonly retryCount?: unknown; readonly retryTime?: unknown };
}

interface Watched {
  readonly batch: TransportBatch;
  /** Attempts started: kafkajs partitions every message of the batch once per attempt. */
  attempts: number;
  partitioned: number;
  startedAt: number;
  /** The last failed attempt, as kafkajs logged it. */
  failure: { readonly error: RetryErrorInfo; readonly backoffMs: number } | undefined;
  /** The next attempt was reported already (a retry of the transport's own). */
  announced: boolean;
}

// kafkajs's send retrier logs a failed attempt as "Failed to send messages: <error message>", the bare
// message, or (at debug level, when the connection was lost) "Cluster has disconnected, reconnecting:
// <error message>", with retryCount and retryTime: the backoff before the next attempt.
const PREFIXES = ["Failed to send messages: ", "Cluster has disconnected, reconnecting: "];

/**
 * Sees the retries that kafkajs makes inside one `producer.send` (it has no hook or event for them): a
 * batch's send runs in an async context of its own, every new attempt partitions the batch's messages again
 * (through schemakit's partitioner), and each failed attempt is logged with its error message and backoff.
 * A retry is reported when its attempt starts, so an attempt that ends the send is never counted as one.
 */
export class KafkajsRetryWatch {
  readonly #current = new AsyncLocalStorage<Watched>();
  readonly #report: (retry: BatchRetry) => void;
  readonly #secrets: readonly string[];
  readonly #now: () => number;

  constructor(report: (retry: BatchRetry) => void, secrets: readonly string[], now: () => number = Date.now) {
    this.#report = report;
    this.#secrets = secrets;
    this.#now = now;
  }

  /** Runs one batch's send (kafkajs's attempts and its own retries) as one watched context. */
  watch<T>(batch: TransportBatch, send: () => Promise<T>): Promise<T> {
    const state: Watched = {
      batch,
      attempts: 0,
      partitioned: 0,
      startedAt: this.#now(),
      failure: undefined,
      announced: false,
    };
    return this.#current.run(state, send);
  }

  /** kafkajs's partitioner calls this for every message of every attempt. */
  messagePartitioned(): void {
    const state = this.#current.getStore();
    if (state === undefined) return;
    const count = Math.max(1, state.batch.records.length);
    if (state.partitioned++ % count !== 0) return;
    state.attempts += 1;
    const now = this.#now();
    if (state.attempts > 1 && !state.announced) {
      const error = state.failure?.error ?? retryErrorInfo(undefined, undefined, "kafkajs logged no detail", []);
      this.#publish(state, state.attempts - 1, error, state.failure?.backoffMs ?? now - state.startedAt);
    }
    state.announced = false;
    state.failure = undefined;
    state.startedAt = now;
  }

  /** The transport tries the batch again itself (kafkajs skipped it): reported now, not at the next attempt. */
  retryingItself(error: RetryErrorInfo, backoffMs: number): void {
    const state = this.#current.getStore();
    if (state === undefined) return;
    this.#publish(state, state.attempts, error, backoffMs);
    // The next attempt starts a new count of partitioned messages.
    state.partitioned = 0;
    state.announced = true;
  }

  /** For kafkajs's `logCreator`: keeps the failed attempts its send retrier logs, ignores everything else. */
  readonly logCreator = (): ((entry: KafkajsLogEntry) => void) => (entry) => {
    const { retryCount, retryTime, message } = entry.log;
    if (entry.namespace !== "Producer" || typeof retryCount !== "number" || typeof retryTime !== "number") return;
    const state = this.#current.getStore();
    if (state === undefined) return;
    const text = String(message ?? "");
    const prefix = PREFIXES.find((candidate) => text.startsWith(candidate));
    const detail = prefix === undefined ? text : text.slice(prefix.length);
    state.failure = { error: retryErrorInfo(undefined, undefined, detail, this.#secrets), backoffMs: retryTime };
  };

  #publish(state: Watched, attempt: number, error: RetryErrorInfo, backoffMs: number): void {
    const { topic, partition, records } = state.batch;
    this.#report({ topic, partition, attempt, recordCount: records.length, error, backoffMs });
  }
}
