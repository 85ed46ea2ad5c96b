import { BrokerError, ProduceError, SdkError } from "../../../errors/index.js";
import type { Clock } from "../../../internal/clock.js";
import type { TransportAck, TransportAckSegment } from "../transport.js";
import { type DeliveryPolicy, retryBackoff, retryRefusal } from "./delivery-policy.js";
import type { IdempotentProducerState } from "./idempotent-producer-state.js";
import {
  DUPLICATE_SEQUENCE_NUMBER,
  INVALID_PRODUCER_EPOCH,
  kafkaError,
  MESSAGE_TOO_LARGE,
  OUT_OF_ORDER_SEQUENCE_NUMBER,
  PRODUCER_FENCED,
  UNKNOWN_PRODUCER_ID,
} from "./protocol/error-codes.js";
import { type ProducerState, rewriteProducerState } from "./record-batch/record-batch-builder.js";

/** What the broker (or the way to it) answered for one batch. */
export type DispatchOutcome =
  | { readonly kind: "ok"; readonly baseOffset: bigint; readonly logAppendTimeMs: bigint }
  | {
      readonly kind: "error";
      readonly error: Error;
      /** The Kafka error code of the partition's response; undefined for a connection failure. */
      readonly kafkaErrorCode: number | undefined;
      readonly retriable: boolean;
      /** The leader may have moved: refresh metadata before the retry. */
      readonly refreshMetadata: boolean;
    };

/** A way to a partition's leader, found before sending; `send` writes the request at once, in call order. */
export interface PartitionRoute {
  send(batch: Buffer): Promise<DispatchOutcome>;
}

export type RouteResult =
  | { readonly kind: "route"; readonly route: PartitionRoute }
  /** The partition is not in the topic's metadata, even after a refresh. */
  | { readonly kind: "missing"; readonly partitionCount: number }
  | Extract<DispatchOutcome, { kind: "error" }>;

export interface PartitionDispatcher {
  route(topic: string, partition: number): Promise<RouteResult>;
  invalidateMetadata(topic: string): void;
}

/** An encoded batch, and how to make two of it should the broker refuse it as too large. */
export interface EncodedBatch {
  readonly batch: Buffer | Promise<Buffer>;
  readonly recordCount: number;
  /** Its first and second half, each encoded (and splittable) the same way; undefined when it cannot be. */
  readonly split: (() => readonly [EncodedBatch, EncodedBatch]) | undefined;
}

interface Entry extends EncodedBatch {
  readonly createdAt: number;
  producer: ProducerState | undefined;
  failedAttempts: number;
  lastError: Error | undefined;
  readonly resolve: (ack: TransportAck) => void;
  readonly reject: (error: Error) => void;
}

export interface PipelineOptions {
  readonly topic: string;
  readonly partition: number;
  readonly dispatcher: PartitionDispatcher;
  readonly policy: DeliveryPolicy;
  readonly clock: Clock;
  /** Present when the producer is idempotent. */
  readonly idempotence: IdempotentProducerState | undefined;
  /** Batches of this partition awaiting a response at once. */
  readonly maxInFlight: number;
  /** Told of each batch about to be tried again, with the backoff before it; must not throw. */
  readonly onRetry?: ((retry: PipelineRetry) => void) | undefined;
}

/** A batch about to be tried again: its failed attempts so far, its last error and the backoff chosen. */
export interface PipelineRetry {
  readonly attempt: number;
  readonly recordCount: number;
  readonly error: Error | undefined;
  readonly backoffMs: number;
}

/**
 * The batches of one topic-partition, sent in order with up to `maxInFlight` awaiting responses.
 * When one fails with a retriable error, no new batch is sent until every in-flight one has settled;
 * then the failed ones go again, in their original order, after a backoff, for as long as their delivery
 * deadline allows. So retries never reorder a partition, with or without idempotence.
 */
export class PartitionPipeline {
  readonly #options: PipelineOptions;
  readonly #key: string;
  readonly #queue: Entry[] = [];
  readonly #toRetry: Entry[] = [];
  #inFlight = 0;
  #pumping = false;
  #retrying = false;

  constructor(options: PipelineOptions) {
    this.#options = options;
    this.#key = `${options.topic}\u0000${options.partition}`;
  }

  /** Batches queued, in flight or waiting to be retried. */
  get pending(): number {
    return this.#queue.length + this.#inFlight + this.#toRetry.length;
  }

  /** Queues an encoded batch; resolves with the broker's answer for this partition. */
  send(encoded: EncodedBatch): Promise<TransportAck> {
    return new Promise<TransportAck>((resolve, reject) => {
      this.#queue.push(newEntry(encoded, this.#options.clock.now(), resolve, reject));
      void this.#pump();
    });
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0 && !this.#retrying && this.#inFlight < this.#maxInFlightNow()) {
        const entry = this.#queue[0] as Entry;
        let bytes: Buffer;
        try {
          bytes = await entry.batch;
        } catch (cause) {
          if (this.#queue[0] !== entry) continue;
          this.#queue.shift();
          this.#fail(entry, `the batch could not be encoded: ${describe(cause)}`, false, cause);
          continue;
        }
        const { idempotence } = this.#options;
        if (idempotence !== undefined) await idempotence.ready();
        const routed = await this.#options.dispatcher.route(this.#options.topic, this.#options.partition);
        // A retry may have put earlier batches ahead of this one while we waited: start over.
        if (this.#retrying || this.#queue[0] !== entry) continue;
        this.#queue.shift();
        if (routed.kind === "missing") {
          this.#fail(
            entry,
            `partition ${this.#options.partition} is not in the topic's metadata (${routed.partitionCount} partitions)`,
            true,
            undefined,
          );
          continue;
        }
        if (routed.kind === "error") {
          this.#inFlight += 1;
          this.#completed(entry, routed);
          continue;
        }
        if (idempotence !== undefined) {
          const producer = idempotence.sequence(this.#key, entry.recordCount, entry.producer);
          if (producer !== entry.producer) rewriteProducerState(bytes, producer);
          entry.producer = producer;
          idempotence.sent();
        }
        this.#inFlight += 1;
        routed.route.send(bytes).then(
          (outcome) => {
            idempotence?.settled();
            this.#completed(entry, outcome);
          },
          (cause: unknown) => {
            idempotence?.settled();
            this.#completed(entry, {
              kind: "error",
              error: toError(cause),
              kafkaErrorCode: undefined,
              retriable: false,
              refreshMetadata: false,
            });
          },
        );
      }
    } finally {
      this.#pumping = false;
    }
  }

  /** With idempotence, one batch alone until the broker has acknowledged one in this epoch. */
  #maxInFlightNow(): number {
    const { idempotence, maxInFlight } = this.#options;
    if (idempotence === undefined || idempotence.bumpRequested) return maxInFlight;
    return idempotence.hasAcknowledged(this.#key) ? maxInFlight : 1;
  }

  #completed(entry: Entry, outcome: DispatchOutcome): void {
    this.#inFlight -= 1;
    if (outcome.kind === "ok") {
      if (entry.producer !== undefined)
        this.#options.idempotence?.acknowledged(this.#key, entry.producer, entry.recordCount);
      entry.resolve({ baseOffset: outcome.baseOffset.toString(), logAppendTime: Number(outcome.logAppendTimeMs) });
    } else {
      this.#failedAttempt(entry, outcome);
    }
    if (this.#retrying && this.#inFlight === 0) void this.#retry();
    else void this.#pump();
  }

  #failedAttempt(entry: Entry, outcome: Extract<DispatchOutcome, { kind: "error" }>): void {
    entry.failedAttempts += 1;
    entry.lastError = outcome.error;
    if (outcome.refreshMetadata) this.#options.dispatcher.invalidateMetadata(this.#options.topic);
    const { idempotence } = this.#options;
    const code = outcome.kafkaErrorCode;
    if (code === MESSAGE_TOO_LARGE && entry.split !== undefined && entry.recordCount > 1) {
      this.#splitForRetry(entry, entry.split);
      return;
    }
    let retriable = outcome.retriable;
    if (idempotence !== undefined && entry.producer !== undefined) {
      if (code === OUT_OF_ORDER_SEQUENCE_NUMBER && idempotence.isBehindAcknowledged(this.#key, entry.producer)) {
        // A later batch was written first: in this epoch this one never fits again. A new epoch renumbers it.
        idempotence.requestEpochBump();
        retriable = true;
      } else if (code === OUT_OF_ORDER_SEQUENCE_NUMBER) {
        // Out of order only because an earlier batch failed: retry after it. As the next batch expected,
        // the broker lost it for good: fail it and start a new epoch (Java's rule).
        retriable = !idempotence.isNextSequence(this.#key, entry.producer);
      } else if (code === UNKNOWN_PRODUCER_ID) {
        // The broker forgot this producer (its log was truncated): a new epoch, and the batch again.
        idempotence.requestEpochBump();
        retriable = true;
      } else if (code === DUPLICATE_SEQUENCE_NUMBER) {
        this.#fail(entry, "the broker already has this batch but no longer knows its offset", false, outcome.error);
        return;
      } else if (code === INVALID_PRODUCER_EPOCH || code === PRODUCER_FENCED) {
        this.#fail(entry, `the producer was fenced (${kafkaError(code).name})`, false, outcome.error);
        return;
      }
    }
    if (retriable) {
      this.#toRetry.push(entry);
      this.#retrying = true;
      return;
    }
    this.#fail(entry, outcome.error.message, false, outcome.error);
  }

  /**
   * Java's answer to MESSAGE_TOO_LARGE: the batch goes again as two halves, in its place (ahead of later
   * batches), as often as it takes, down to single records. With idempotence its sequence numbers are
   * abandoned, so the epoch is bumped and the halves numbered afresh. The batch is answered once both
   * halves are, part by part: each stored half with its offsets, a failed one with its error; it fails
   * as a whole only if both halves did.
   */
  #splitForRetry(entry: Entry, split: () => readonly [EncodedBatch, EncodedBatch]): void {
    const halves = split();
    if (entry.producer !== undefined) this.#options.idempotence?.requestEpochBump();
    const outcomes: (TransportAck | Error | undefined)[] = [undefined, undefined];
    const settled = (index: number, outcome: TransportAck | Error): void => {
      outcomes[index] = outcome;
      const [first, second] = outcomes;
      if (first === undefined || second === undefined) return;
      // Both halves failed: the batch failed. One stored: its records stand, the other half's fail.
      if (first instanceof Error && second instanceof Error) entry.reject(first);
      else entry.resolve(joinOutcomes(first, second, halves));
    };
    const parts = halves.map((half, index) =>
      newEntry(
        half,
        entry.createdAt,
        (ack) => settled(index, ack),
        (error) => settled(index, error),
      ),
    );
    for (const part of parts) {
      part.failedAttempts = entry.failedAttempts;
      part.lastError = entry.lastError;
    }
    this.#toRetry.push(...parts);
    this.#retrying = true;
  }

  /** Every in-flight batch has settled: the failed ones go again first, in order, after a backoff. */
  async #retry(): Promise<void> {
    const entries = this.#toRetry.splice(0);
    const { clock, policy } = this.#options;
    const attempts = Math.max(1, ...entries.map((entry) => entry.failedAttempts));
    const backoff = retryBackoff(policy, attempts);
    const now = clock.now();
    const again = entries.filter((entry) => {
      const refusal = retryRefusal(policy, entry.createdAt, now, backoff, entry.failedAttempts);
      if (refusal === undefined) return true;
      this.#fail(entry, `${refusal}: ${entry.lastError?.message ?? "unknown error"}`, true, entry.lastError);
      return false;
    });
    // Batches keep their order: the retried ones were sent before everything still queued.
    again.sort((a, b) => a.createdAt - b.createdAt);
    const { onRetry } = this.#options;
    if (onRetry !== undefined)
      for (const entry of again)
        onRetry({
          attempt: entry.failedAttempts,
          recordCount: entry.recordCount,
          error: entry.lastError,
          backoffMs: backoff,
        });
    this.#queue.unshift(...again);
    if (again.length > 0) await clock.sleep(backoff);
    this.#retrying = false;
    void this.#pump();
  }

  /** Rejects a batch; with idempotence its sequence numbers are now a gap, so the epoch is bumped. */
  #fail(entry: Entry, detail: string, retriable: boolean, cause: unknown): void {
    if (entry.producer !== undefined) this.#options.idempotence?.requestEpochBump();
    entry.reject(
      new ProduceError(this.#options.topic, this.#options.partition, entry.recordCount, detail, {
        retriable,
        ...(cause === undefined ? {} : { cause }),
      }),
    );
  }
}

function newEntry(
  encoded: EncodedBatch,
  createdAt: number,
  resolve: (ack: TransportAck) => void,
  reject: (error: Error) => void,
): Entry {
  const { batch, recordCount, split } = encoded;
  return {
    batch,
    recordCount,
    split,
    createdAt,
    producer: undefined,
    failedAttempts: 0,
    lastError: undefined,
    resolve,
    reject,
  };
}

// The two halves' answers as one, part by part (a half that was split again brings its own parts).
function joinOutcomes(
  first: TransportAck | Error,
  second: TransportAck | Error,
  halves: readonly EncodedBatch[],
): TransportAck {
  const parts = (outcome: TransportAck | Error, half: EncodedBatch | undefined): readonly TransportAckSegment[] => {
    const recordCount = half?.recordCount ?? 0;
    if (outcome instanceof Error) return [{ recordCount, baseOffset: "-1", logAppendTime: -1, error: outcome }];
    return outcome.segments ?? [{ recordCount, baseOffset: outcome.baseOffset, logAppendTime: outcome.logAppendTime }];
  };
  const segments = [...parts(first, halves[0]), ...parts(second, halves[1])];
  const stored = segments.find((segment) => segment.error === undefined) ?? segments[0];
  return { baseOffset: stored?.baseOffset ?? "-1", logAppendTime: stored?.logAppendTime ?? -1, segments };
}

function toError(cause: unknown): Error {
  return cause instanceof Error ? cause : new Error(String(cause));
}

function describe(cause: unknown): string {
  return SdkError.is(cause) || cause instanceof Error ? cause.message : String(cause);
}

/** A retriable error outcome for a broker that could not be reached. */
export function unreachable(error: unknown): Extract<DispatchOutcome, { kind: "error" }> {
  const retriable = SdkError.is(error) ? error.retriable : false;
  const refreshMetadata = error instanceof BrokerError && error.kafkaErrorCode === undefined;
  return { kind: "error", error: toError(error), kafkaErrorCode: undefined, retriable, refreshMetadata };
}
