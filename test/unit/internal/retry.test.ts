import { describe, expect, it } from "vitest";
import type { Clock } from "../../../src/internal/clock.js";
import { retry } from "../../../src/internal/retry.js";

function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => 0, sleep: async (ms) => void sleeps.push(ms) };
}

const policy = { retries: 4, initialDelayMs: 100, maxDelayMs: 500, isRetriable: (e: unknown) => e === "retriable" };

describe("retry", () => {
  it("waits up to min(max, initial * 2^n) before attempt n + 1 (full jitter)", async () => {
    const clock = recordingClock();
    let attempts = 0;
    const result = await retry(async () => (++attempts < 5 ? Promise.reject("retriable") : "done"), policy, clock, () => 0.999);
    expect(result).toBe("done");
    expect(clock.sleeps).toEqual([99, 199, 399, 499]);
  });

  it("throws at once on a failure that is not retriable", async () => {
    const clock = recordingClock();
    await expect(retry(async () => Promise.reject("fatal"), policy, clock)).rejects.toBe("fatal");
    expect(clock.sleeps).toEqual([]);
  });

  it("throws the last failure when the retries are spent", async () => {
    let attempts = 0;
    await expect(retry(async () => Promise.reject(`retriable`), { ...policy, retries: 2 }, recordingClock())).rejects.toBe("retriable");
    await retry(async () => void attempts++, policy, recordingClock());
    expect(attempts).toBe(1);
  });
});
