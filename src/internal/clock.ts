/**
 * Time as schemakit code sees it. Code that waits (retry backoff, linger) or expires entries (cache TTLs)
 * takes a Clock, so tests drive time by hand instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch, as Date.now(). */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
  /** Calls `callback` once after `ms` milliseconds; the returned function cancels it if it has not run. */
  setTimeout(callback: () => void, ms: number): () => void;
}

/** The real clock. Its timers keep the process alive: a pending retry or linger is work still to do. */
export const SYSTEM_CLOCK: Clock = Object.freeze({
  now: (): number => Date.now(),
  sleep: (ms: number): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  setTimeout: (callback: () => void, ms: number): (() => void) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
});
