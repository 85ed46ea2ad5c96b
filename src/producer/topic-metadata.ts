import { ProduceError } from "../errors/index.js";
import type { Clock } from "../internal/clock.js";
import type { Transport } from "./transport/transport.js";

/**
 * What the producer knows of one topic's layout: its partition count, read on first use and refreshed in
 * the background once older than `metadataMaxAgeMs` (Java's metadata.max.age.ms), so that a topic that
 * grows is seen. Failures become a ProduceError naming the topic, retriable when the cause is.
 */
export class TopicMetadata {
  readonly topic: string;
  readonly #source: Pick<Transport, "partitionCount">;
  readonly #clock: Clock;
  readonly #maxAgeMs: number;
  #partitionCount = 0;
  #fetchedAt = 0;
  #refreshing: Promise<void> | undefined;

  constructor(topic: string, source: Pick<Transport, "partitionCount">, clock: Clock, maxAgeMs: number) {
    this.topic = topic;
    this.#source = source;
    this.#clock = clock;
    this.#maxAgeMs = maxAgeMs;
  }

  /** The last partition count read; 0 before the first refresh. */
  get partitionCount(): number {
    return this.#partitionCount;
  }

  /** Reads the partition count now (one read at a time: callers share one in flight). */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#read().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /**
   * Starts a refresh in the background when the count is older than maxAgeMs; sends use the count they
   * have. `now` is the caller's reading of the clock, when it has one (a send reads it once).
   */
  refreshIfStale(now: number = this.#clock.now()): void {
    if (this.#refreshing !== undefined || now - this.#fetchedAt < this.#maxAgeMs) return;
    this.refresh().catch(() => undefined);
  }

  async #read(): Promise<void> {
    try {
      this.#partitionCount = await this.#source.partitionCount(this.topic);
    } catch (cause) {
      const retriable =
        typeof cause === "object" && cause !== null && (cause as { retriable?: unknown }).retriable === true;
      throw new ProduceError(
        this.topic,
        undefined,
        1,
        `read the partition count: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause, retriable },
      );
    }
    this.#fetchedAt = this.#clock.now();
  }
}
