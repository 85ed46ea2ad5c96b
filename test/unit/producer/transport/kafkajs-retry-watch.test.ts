import { describe, expect, it } from "vitest";
import { KafkajsRetryWatch } from "../../../../src/producer/transport/kafkajs-retry-watch.js";
import { retryErrorInfo } from "../../../../src/producer/transport/retry-report.js";
import type { BatchRetry, TransportBatch } from "../../../../src/producer/transport/transport.js";

const record = { key: null, value: Buffer.from("v"), headers: undefined, timestamp: 1 };
const batchOf = (topic: string, records: number): TransportBatch => ({
  topic,
  partition: 4,
  records: Array.from({ length: records }, () => record),
});

// What kafkajs 2.2.4 does inside one producer.send: each attempt partitions every message through our
// partitioner, and a failed attempt is logged by its send retrier (namespace "Producer") with retryCount and
// retryTime, before the retrier waits retryTime and makes the next attempt.
async function attempt(watch: KafkajsRetryWatch, records: number): Promise<void> {
  for (let i = 0; i < records; i += 1) watch.messagePartitioned();
  await new Promise((resolve) => setTimeout(resolve, 1));
}

function failed(watch: KafkajsRetryWatch, message: string, retryCount: number, retryTime: number): void {
  watch.logCreator()({ namespace: "Producer", log: { message, retryCount, retryTime } });
}

describe("KafkajsRetryWatch", () => {
  it("reports kafkajs's retries of one batch, at the next attempt, with the logged error and backoff", async () => {
    const reported: BatchRetry[] = [];
    const watch = new KafkajsRetryWatch((retry) => void reported.push(retry), ["s3cret"]);
    await watch.watch(batchOf("t", 3), async () => {
      await attempt(watch, 3);
      failed(watch, "Failed to send messages: fewer in-sync replicas than required (s3cret)", 0, 120);
      expect(reported).toEqual([]);
      await attempt(watch, 3);
      failed(watch, "Cluster has disconnected, reconnecting: Connection error: read ECONNRESET", 1, 250);
      await attempt(watch, 3);
    });
    expect(reported).toEqual([
      {
        topic: "t",
        partition: 4,
        attempt: 1,
        recordCount: 3,
        error: { name: undefined, code: undefined, message: "fewer in-sync replicas than required ([redacted])" },
        backoffMs: 120,
      },
      {
        topic: "t",
        partition: 4,
        attempt: 2,
        recordCount: 3,
        error: { name: undefined, code: undefined, message: "Connection error: read ECONNRESET" },
        backoffMs: 250,
      },
    ]);
  });

  it("the last failed attempt of a send is no retry; concurrent batches keep their own counts", async () => {
    const reported: BatchRetry[] = [];
    const watch = new KafkajsRetryWatch((retry) => void reported.push(retry), []);
    const first = watch.watch(batchOf("a", 2), async () => {
      await attempt(watch, 2);
      failed(watch, "Failed to send messages: broken", 0, 100);
      await attempt(watch, 2);
      failed(watch, "Failed to send messages: broken", 1, 200);
    });
    const second = watch.watch(batchOf("b", 1), async () => {
      await attempt(watch, 1);
      await attempt(watch, 1);
    });
    await Promise.all([first, second]);
    expect(reported.map(({ topic, attempt, backoffMs }) => [topic, attempt, backoffMs])).toEqual([
      ["a", 1, 100],
      ["b", 1, expect.any(Number)],
    ]);
    // No log for b's failure (a client that logs nothing): the message says so.
    expect(reported[1]?.error.message).toBe("kafkajs logged no detail");
  });

  it("a retry of the transport's own is reported once, not again when its attempt starts", async () => {
    const reported: BatchRetry[] = [];
    const watch = new KafkajsRetryWatch((retry) => void reported.push(retry), []);
    await watch.watch(batchOf("t", 2), async () => {
      await attempt(watch, 2);
      watch.retryingItself(retryErrorInfo("ProduceError", "PRODUCE_FAILED", "skipped", []), 100);
      await attempt(watch, 2);
    });
    expect(reported.map(({ attempt, error, backoffMs }) => [attempt, error.code, backoffMs])).toEqual([
      [1, "PRODUCE_FAILED", 100],
    ]);
  });

  it("ignores log entries of other namespaces and outside a watched send", async () => {
    const reported: BatchRetry[] = [];
    const watch = new KafkajsRetryWatch((retry) => void reported.push(retry), []);
    failed(watch, "outside", 0, 100);
    watch.messagePartitioned();
    await watch.watch(batchOf("t", 1), async () => {
      await attempt(watch, 1);
      watch.logCreator()({
        namespace: "Connection",
        log: { message: "Connection error", retryCount: 0, retryTime: 5 },
      });
      await attempt(watch, 1);
    });
    expect(reported.map(({ error }) => error.message)).toEqual(["kafkajs logged no detail"]);
  });
});
