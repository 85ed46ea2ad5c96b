import { SYSTEM_CLOCK, type Clock } from "./clock.js";

export interface RetryPolicy {
  /** Further attempts after the first; 0 tries once. */
  readonly retries: number;
  /** Backoff ceiling before the first retry, in ms; doubled for each later one. */
  readonly initialDelayMs: number;
  /** Largest backoff ceiling, in ms. */
  readonly maxDelayMs: number;
  /**
   * The fraction of the ceiling to wait, a number in [0, 1]. Default Math.random ("full jitter"): many
   * clients failing at once then retry spread out instead of in step. `() => 1` waits the full ceiling.
   */
  readonly jitter?: () => number;
  /** Only failures this accepts are tried again; any other is thrown at once. */
  readonly isRetriable: (error: unknown) => boolean;
}

/**
 * Runs `attempt` until it succeeds, fails with an error `isRetriable` refuses, or the retries are spent
 * (then the last failure is thrown). Before retry n (0-based) it waits
 * jitter() * min(maxDelayMs, initialDelayMs * 2^n) ms: exponential backoff with full jitter.
 */
export async function retry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  clock: Clock = SYSTEM_CLOCK,
): Promise<T> {
  const jitter = policy.jitter ?? Math.random;
  for (let attemptNumber = 0; ; attemptNumber += 1) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (attemptNumber >= policy.retries || !policy.isRetriable(error)) throw error;
      const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** attemptNumber);
      // A jitter source outside [0, 1] must not stretch the wait past the ceiling.
      await clock.sleep(Math.floor(Math.min(1, Math.max(0, jitter())) * ceiling));
    }
  }
}
