/** When a failed batch is tried again, as Java's producer decides it (KIP-580 backoff, delivery.timeout.ms). */
export interface DeliveryPolicy {
  /** Backoff before the first retry; doubled for each later one (retry.backoff.ms). */
  readonly retryBackoffMs: number;
  /** Backoff ceiling (retry.backoff.max.ms, Java's default 1,000 ms). */
  readonly retryBackoffMaxMs: number;
  /** A batch not acknowledged this long after it was handed over fails (delivery.timeout.ms). */
  readonly deliveryTimeoutMs: number;
  /** A number in [0, 1); Java spreads each backoff by ±20% so clients failing together do not retry in step. */
  readonly random: () => number;
}

const JITTER = 0.2;

/** Milliseconds to wait before the next try, after `failedAttempts` (>= 1) failed ones. */
export function retryBackoff(policy: DeliveryPolicy, failedAttempts: number): number {
  const exponential = policy.retryBackoffMs * 2 ** Math.max(0, failedAttempts - 1);
  const ceiling = Math.min(policy.retryBackoffMaxMs, exponential);
  const spread = 1 - JITTER + 2 * JITTER * Math.min(1, Math.max(0, policy.random()));
  // Java never waits less than the configured backoff when the ceiling allows it.
  return Math.max(Math.min(policy.retryBackoffMs, policy.retryBackoffMaxMs), Math.floor(ceiling * spread));
}

/**
 * Whether a batch created at `createdAt` may be tried again at `now` after a backoff of `backoffMs`: only
 * if the retry would start before its delivery deadline. Retries are bounded by time, not by a count.
 */
export function mayRetry(policy: DeliveryPolicy, createdAt: number, now: number, backoffMs: number): boolean {
  return now + backoffMs < createdAt + policy.deliveryTimeoutMs;
}
