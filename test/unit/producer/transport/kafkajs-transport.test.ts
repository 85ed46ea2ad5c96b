import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from "kafkajs";
import { describe, expect, it } from "vitest";
import { ProduceError } from "../../../../src/errors/index.js";
import { kafkajsRetry, produceFailure } from "../../../../src/producer/transport/kafkajs-transport.js";
import type { TransportOptions } from "../../../../src/producer/transport/transport-options.js";

const options: TransportOptions = {
  brokers: ["127.0.0.1:9092"],
  clientId: "t",
  tls: undefined,
  sasl: undefined,
  requestTimeoutMs: 30_000,
  acks: "all",
  retries: Number.MAX_SAFE_INTEGER,
  retryBackoffMs: 100,
  idempotent: true,
  compression: "none",
  metadataMaxAgeMs: 300_000,
  deliveryTimeoutMs: 120_000,
  maxRequestSizeBytes: 1 << 20,
};
const batch = { topic: "users", partition: 2, records: [] };

describe("kafkajs transport rules", () => {
  it("retries for as long as deliveryTimeoutMs lasts, not a fixed 5 times (backoff 100 ms doubling to 1 s)", () => {
    // 100 + 200 + 400 + 800 = 1.5 s, then 1 s each: 4 + 119 retries reach 120 s.
    expect(kafkajsRetry(options)).toEqual({ retries: 123, initialRetryTime: 100, maxRetryTime: 1_000, factor: 0.2 });
    expect(kafkajsRetry({ ...options, deliveryTimeoutMs: 2_600 }).retries).toBe(6);
    expect(kafkajsRetry({ ...options, retries: 3 }).retries).toBe(3);
  });

  it("a broker that is down gives a retriable ProduceError, though kafkajs says its retries ran out", () => {
    const down = new KafkaJSConnectionError("Connection error: connect ECONNREFUSED 127.0.0.1:9092");
    const exhausted = new KafkaJSNumberOfRetriesExceeded(down, { retryCount: 5, retryTime: 2_600 });
    expect(exhausted.retriable).toBe(false);
    const error = produceFailure(batch, exhausted);
    expect(error).toBeInstanceOf(ProduceError);
    expect(error).toMatchObject({ topic: "users", partition: 2, retriable: true, cause: exhausted });
    expect(error.message).toBe(
      'produce to topic "users" partition 2 (0 records): ' +
        "KafkaJSConnectionError: Connection error: connect ECONNREFUSED 127.0.0.1:9092",
    );
  });

  it("an error kafkajs calls final stays final", () => {
    expect(produceFailure(batch, new KafkaJSNonRetriableError("bad")).retriable).toBe(false);
  });
});
