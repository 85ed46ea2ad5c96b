import { describe, expect, it } from "vitest";
import {
  type DeliveryPolicy,
  retryBackoff,
  retryRefusal,
} from "../../../../../src/producer/transport/wire/delivery-policy.js";

const policy = (random: number): DeliveryPolicy => ({
  retryBackoffMs: 100,
  retryBackoffMaxMs: 1_000,
  deliveryTimeoutMs: 120_000,
  maxRetries: Number.MAX_SAFE_INTEGER,
  random: () => random,
});

describe("delivery policy", () => {
  it("doubles the backoff per failed attempt up to the ceiling (Java's KIP-580 rule)", () => {
    expect([1, 2, 3, 4, 5, 10].map((attempts) => retryBackoff(policy(0.5), attempts))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it("spreads each backoff by ±20% but never below retryBackoffMs", () => {
    expect(retryBackoff(policy(0), 3)).toBe(320);
    expect(retryBackoff(policy(0.999_999), 3)).toBe(479);
    expect(retryBackoff(policy(0), 1)).toBe(100);
    expect(retryBackoff(policy(1), 10)).toBe(1200);
  });

  it("retries only while the retry starts before the delivery deadline, however many attempts that is", () => {
    const created = 1_000_000;
    expect(retryRefusal(policy(0.5), created, created + 119_000, 999, 1_000)).toBeUndefined();
    expect(retryRefusal(policy(0.5), created, created + 119_000, 1_000, 1)).toBe(
      "not acknowledged within deliveryTimeoutMs 120000 after 1 attempt(s)",
    );
    expect(retryRefusal(policy(0.5), created, created + 120_000, 0, 3)).toMatch(/deliveryTimeoutMs/);
  });

  it("stops after `retries` retries when that option is set (Java's retries), whatever time is left", () => {
    const counted = { ...policy(0.5), maxRetries: 2 };
    expect(retryRefusal(counted, 0, 10, 100, 1)).toBeUndefined();
    expect(retryRefusal(counted, 0, 10, 100, 2)).toBeUndefined();
    expect(retryRefusal(counted, 0, 10, 100, 3)).toBe("retries 2 used up after 3 attempt(s)");
    expect(retryRefusal({ ...counted, maxRetries: 0 }, 0, 10, 100, 1)).toBe("retries 0 used up after 1 attempt(s)");
  });
});
