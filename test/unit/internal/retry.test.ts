import { describe, expect, it } from "vitest";
import type { Clock } from "../../../src/internal/clock.js";
import { retry, type RetryPolicy } from "../../../src/internal/retry.js";

// Backoff without waiting: the delays asked for are recorded instead.
function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => 0, sleep: async (ms) => void sleeps.push(ms), setTimeout: () => () => undefined };
}

const policy: RetryPolicy = {
  retries: 4,
  initialDelayMs: 100,
  maxDelayMs: 500,
  isRetriable: (e: unknown) => e === "retriable",
};

/** Fails with `error` until `failures` attempts have been made, then answers "done". */
function failing(
  failures: number,
  error: unknown = "retriable",
): { attempt: (n: number) => Promise<string>; attempts: number[] } {
  const attempts: number[] = [];
  return {
    attempts,
    attempt: async (n) => {
      attempts.push(n);
      if (attempts.length <= failures) throw error;
      return "done";
    },
  };
}

describe("retry", () => {
  it("waits the full ceiling min(max, initial * 2^n) with jitter 1, numbering the attempts", async () => {
    const clock = recordingClock();
    const { attempt, attempts } = failing(4);
    expect(await retry(attempt, { ...policy, jitter: () => 1 }, clock)).toBe("done");
    expect(clock.sleeps).toEqual([100, 200, 400, 500]);
    expect(attempts).toEqual([0, 1, 2, 3, 4]);
  });

  it("waits a jittered fraction of the ceiling, never more, whatever the jitter source answers", async () => {
    const fractions = [0, 0.5, 7, -3];
    const clock = recordingClock();
    await retry(failing(4).attempt, { ...policy, jitter: () => fractions.shift() ?? 0 }, clock);
    // 0 → 0, 0.5 of 200, 7 clamped to 1 of 400, -3 clamped to 0.
    expect(clock.sleeps).toEqual([0, 100, 400, 0]);
  });

  it("uses Math.random for full jitter by default: every wait within its ceiling", async () => {
    const clock = recordingClock();
    await retry(failing(4).attempt, { ...policy, retries: 4 }, clock);
    expect(clock.sleeps).toHaveLength(4);
    clock.sleeps.forEach((ms, n) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(Math.min(500, 100 * 2 ** n));
    });
  });

  it("throws at once on a failure that is not retriable", async () => {
    const clock = recordingClock();
    const { attempt, attempts } = failing(10, "fatal");
    await expect(retry(attempt, policy, clock)).rejects.toBe("fatal");
    expect(attempts).toEqual([0]);
    expect(clock.sleeps).toEqual([]);
  });

  it("throws the last failure once the retries are spent", async () => {
    const clock = recordingClock();
    const { attempt, attempts } = failing(10);
    await expect(retry(attempt, { ...policy, retries: 2 }, clock)).rejects.toBe("retriable");
    expect(attempts).toEqual([0, 1, 2]);
    expect(clock.sleeps).toHaveLength(2);
  });

  it("tries once with no retries, and does not wait after a success", async () => {
    const clock = recordingClock();
    await expect(retry(failing(1).attempt, { ...policy, retries: 0 }, clock)).rejects.toBe("retriable");
    expect(await retry(failing(0).attempt, policy, clock)).toBe("done");
    expect(clock.sleeps).toEqual([]);
  });
});
