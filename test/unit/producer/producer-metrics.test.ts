import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { describe, expect, it } from "vitest";
import {
  BATCH_CHANNEL,
  createProducer,
  RETRY_CHANNEL,
  type BatchOutcome,
  type BatchRetry,
} from "../../../src/producer/index.js";
import { ProducerMetrics } from "../../../src/producer/producer-metrics.js";
import { FakeTransport } from "../../support/fake-transport.js";
import { InMemoryRegistry } from "../../support/in-memory-registry.js";
import { User } from "../codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";

describe("producer metrics and diagnostics", () => {
  it("counts records and batches sent and failed, per topic, and publishes each settled batch", async () => {
    const transport = new FakeTransport();
    transport.partitions.set("users", 2);
    transport.failing.set("users/1", new Error("broker says no"));
    const published: BatchOutcome[] = [];
    const listener = (message: unknown): void => void published.push(message as BatchOutcome);
    subscribe(BATCH_CHANNEL, listener);
    try {
      const producer = createProducer({
        registry: new InMemoryRegistry(),
        transport,
        lingerMs: 0,
        bufferMemoryBytes: 4 << 20,
      });
      const users = producer.topic("users", { value: User });
      const user = (id: string): User => new User({ id, name: "n", legacyScore: 1 });
      const sent = await Promise.allSettled([
        users.send(user("a"), { partition: 0 }),
        users.send(user("b"), { partition: 0 }),
        users.send(user("c"), { partition: 1 }),
      ]);
      expect(sent.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
      const metrics = producer.metrics();
      expect(metrics).toMatchObject({
        recordsSent: 2,
        recordsFailed: 1,
        batchesSent: 1,
        batchesFailed: 1,
        recordsPerRequestAvg: 2,
        bufferTotalBytes: 4 << 20,
        bufferAvailableBytes: 4 << 20,
        waitingSends: 0,
        topics: { users: { recordsSent: 2, recordsFailed: 1, bytesSent: metrics.batchSizeAvg } },
      });
      expect(metrics.requestLatencyMaxMs).toBeGreaterThan(0);
      expect(
        published.map(({ topic, partition, recordCount, error }) => [topic, partition, recordCount, error?.name]),
      ).toEqual([
        ["users", 0, 2, undefined],
        ["users", 1, 1, "ProduceError"],
      ]);
      await producer.close();
    } finally {
      unsubscribe(BATCH_CHANNEL, listener);
    }
  });

  it("counts retries per topic, records once per retry, and publishes each on RETRY_CHANNEL", () => {
    const published: unknown[] = [];
    const listener = (message: unknown): void => void published.push(message);
    subscribe(RETRY_CHANNEL, listener);
    try {
      const metrics = new ProducerMetrics();
      const retry = (topic: string, attempt: number, recordCount: number): BatchRetry => ({
        topic,
        partition: 0,
        attempt,
        recordCount,
        error: { name: "BrokerError", code: "NOT_ENOUGH_REPLICAS", message: "fewer in-sync replicas" },
        backoffMs: 100 * attempt,
      });
      const retries = [retry("a", 1, 10), retry("a", 2, 10), retry("b", 1, 3)];
      for (const one of retries) metrics.retried(one);
      const snapshot = metrics.snapshot({ totalBytes: 1, usedBytes: 0, waiting: 0 });
      expect(snapshot).toMatchObject({ batchesRetried: 3, recordsRetried: 23, recordsSent: 0, recordsFailed: 0 });
      expect(snapshot.topics).toEqual({
        a: { recordsSent: 0, recordsFailed: 0, recordsRetried: 20, bytesSent: 0 },
        b: { recordsSent: 0, recordsFailed: 0, recordsRetried: 3, bytesSent: 0 },
      });
      expect(published).toEqual(retries);
    } finally {
      unsubscribe(RETRY_CHANNEL, listener);
    }
  });
});
