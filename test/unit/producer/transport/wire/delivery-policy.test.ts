import { describe, expect, it } from "vitest";
import {
  type DeliveryPolicy,
  mayRetry,
  retryBackoff,
} from "../../../../../src/producer/transport/wire/delivery-policy.js";

const policy = (random: number): DeliveryPolicy => ({
  retryBackoffMs: 100,
  retryBackoffMaxMs: 1_000,
  deliveryTimeoutMs: 120_000,
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
    expect(mayRetry(policy(0.5), created, created + 119_000, 999)).toBe(true);
    expect(mayRetry(policy(0.5), created, created + 119_000, 1_000)).toBe(false);
    expect(mayRetry(policy(0.5), created, created + 120_000, 0)).toBe(false);
  });
});
