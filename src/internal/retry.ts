import type { Clock } from "./clock.js";

export interface RetryPolicy {
  /** Further attempts after the first. */
  readonly retries: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Only these failures are tried again; others are thrown at once. */
  readonly isRetriable: (error: unknown) => boolean;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retriable error, or the retries are spent. Waits
 * between attempts with "full jitter" exponential backoff: a random delay up to
 * min(maxDelayMs, initialDelayMs * 2^n), which keeps many clients from retrying in step.
 */
export async function retry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  clock: Clock,
  random: () => number = Math.random,
): Promise<T> {
  for (let attemptNumber = 0; ; attemptNumber += 1) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (attemptNumber >= policy.retries || !policy.isRetriable(error)) throw error;
      const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** attemptNumber);
      await clock.sleep(Math.floor(random() * ceiling));
    }
  }
}
