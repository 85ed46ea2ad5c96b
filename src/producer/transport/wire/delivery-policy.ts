/** When a failed batch is tried again, as Java's producer decides it (KIP-580 backoff, delivery.timeout.ms). */
export interface DeliveryPolicy {
  /** Backoff before the first retry; doubled for each later one (retry.backoff.ms). */
  readonly retryBackoffMs: number;
  /** Backoff ceiling (retry.backoff.max.ms, Java's default 1,000 ms). */
  readonly retryBackoffMaxMs: number;
  /** A batch not acknowledged this long after it was handed over fails (delivery.timeout.ms). */
  readonly deliveryTimeoutMs: number;
  /** At most this many retries of a batch (Java's `retries`, unbounded by default: time bounds them). */
  readonly maxRetries: number;
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
 * Why a batch created at `createdAt`, after `failedAttempts` failed attempts, may not be tried again at
 * `now` after a backoff of `backoffMs`; undefined when it may. A retry must start before the delivery
 * deadline, and (when the option is set) stay within the retry count: time bounds retries, a count may too.
 */
export function retryRefusal(
  policy: DeliveryPolicy,
  createdAt: number,
  now: number,
  backoffMs: number,
  failedAttempts: number,
): string | undefined {
  if (failedAttempts > policy.maxRetries) {
    return `retries ${policy.maxRetries} used up after ${failedAttempts} attempt(s)`;
  }
  if (now + backoffMs >= createdAt + policy.deliveryTimeoutMs) {
    return `not acknowledged within deliveryTimeoutMs ${policy.deliveryTimeoutMs} after ${failedAttempts} attempt(s)`;
  }
  return undefined;
}
