import { describe, expect, it } from "vitest";
import { ProduceError } from "../../../../src/errors/index.js";
import { RecordAccumulator, type AccumulatorOptions } from "../../../../src/producer/accumulator/record-accumulator.js";
import type { PendingRecord } from "../../../../src/producer/accumulator/record-batch.js";
import type { RecordMetadata } from "../../../../src/producer/record-metadata.js";
import { FakeTransport } from "../../../support/fake-transport.js";
import { manualClock } from "../../../support/manual-clock.js";

function setup(overrides: Partial<AccumulatorOptions> = {}) {
  const clock = manualClock();
  const transport = new FakeTransport();
  const closed: string[] = [];
  const accumulator = new RecordAccumulator({
    lingerMs: 5,
    batchSizeBytes: 100,
    maxRequestSizeBytes: 1_000,
    deliveryTimeoutMs: 10_000,
    clock,
    bufferMemoryBytes: 1 << 20,
    maxBlockMs: 1_000,
    transport,
    ...overrides,
  });
  accumulator.addTopic("t", { onBatchClosed: (topic, partition) => closed.push(`${topic}/${partition}`) });
  const outcomes: string[] = [];
  const append = (partition: number, value: string, sizeBytes = 10, topic = "t"): Promise<RecordMetadata> =>
    new Promise<RecordMetadata>((resolve, reject) => {
      const pending: PendingRecord = {
        record: { key: null, value: Buffer.from(value), headers: undefined, timestamp: 1 },
        sizeBytes,
        acceptedAt: clock.now(),
        schemaId: 7,
        resolve: (ack) => {
          outcomes.push(`${value}@${ack.offset}`);
          resolve(ack);
        },
        reject: (error) => {
          outcomes.push(`${value}!`);
          reject(error);
        },
      };
      accumulator.append(topic, partition, pending);
    });
  return { clock, transport, accumulator, append, outcomes, closed };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("RecordAccumulator", () => {
  it("sends a partition's batch lingerMs after its first record, with every record added meanwhile", async () => {
    const { clock, transport, append, outcomes } = setup();
    const sends = [append(0, "a"), append(0, "b")];
    clock.advance(4);
    expect(transport.sent).toHaveLength(0);
    const late = append(0, "c");
    clock.advance(1);
    expect(transport.sent.map((sent) => sent.batch.records.map((record) => record.value.toString()))).toEqual([
      ["a", "b", "c"],
    ]);
    await Promise.all([...sends, late]);
    expect(outcomes).toEqual(["a@0", "b@1", "c@2"]);
  });

  it("sends a batch at once when it reaches batchSizeBytes, without waiting for linger", () => {
    const { transport, append } = setup();
    for (let i = 0; i < 10; i += 1) void append(0, `r${i}`);
    expect(transport.sent).toHaveLength(1);
    expect(transport.sent[0]?.batch.records).toHaveLength(10);
  });

  it("starts a new batch when a record would not fit; a record over batchSizeBytes goes alone", async () => {
    const { transport, append, clock } = setup();
    const sends = [append(0, "small", 60), append(0, "big", 150), append(0, "after", 10)];
    clock.advance(5);
    await Promise.all(sends);
    expect(transport.sent.map((sent) => sent.batch.records.map((record) => record.value.toString()))).toEqual([
      ["small"],
      ["big"],
      ["after"],
    ]);
  });

  it("keeps one batch in flight per partition, so a partition's records are acknowledged in send order", async () => {
    const { transport, append, clock, outcomes } = setup();
    transport.autoAck = false;
    const first = append(0, "a");
    clock.advance(5);
    const second = append(0, "b");
    clock.advance(5);
    const other = append(1, "x");
    clock.advance(5);
    // Partition 0's second batch waits for its first; partition 1 is not held up.
    expect(transport.sent.map((sent) => `${sent.batch.partition}:${sent.batch.records[0]?.value.toString()}`)).toEqual([
      "0:a",
      "1:x",
    ]);
    transport.sent[1]?.ack();
    transport.sent[0]?.ack();
    await first;
    await tick();
    expect(transport.sent.map((sent) => sent.batch.records[0]?.value.toString())).toEqual(["a", "x", "b"]);
    transport.sent[2]?.ack();
    await Promise.all([second, other]);
    expect(outcomes).toEqual(["x@0", "a@0", "b@1"]);
  });

  it("keeps filling a lingered batch while one is in flight, and sends it when that one is done", async () => {
    const { transport, append, clock } = setup();
    transport.autoAck = false;
    const first = append(0, "a");
    clock.advance(5);
    const later = [append(0, "b")];
    clock.advance(5);
    later.push(append(0, "c"));
    clock.advance(5);
    later.push(append(0, "d"));
    clock.advance(5);
    expect(transport.sent).toHaveLength(1);
    transport.sent[0]?.ack();
    await first;
    await tick();
    // One request for b, c and d, not three 5-ms slivers.
    expect(transport.sent.map((sent) => sent.batch.records.map((record) => record.value.toString()))).toEqual([
      ["a"],
      ["b", "c", "d"],
    ]);
    transport.sent[1]?.ack();
    await Promise.all(later);
  });

  it("rejects each record of a failed batch with the cause, and nothing else", async () => {
    const { transport, append, clock } = setup();
    transport.failing.set("t/1", Object.assign(new Error("NOT_LEADER_FOR_PARTITION"), { retriable: true }));
    const ok = append(0, "a");
    const lost = [append(1, "x"), append(1, "y")];
    clock.advance(5);
    await expect(ok).resolves.toEqual({ topic: "t", partition: 0, offset: "0", timestamp: 1, schemaId: 7 });
    for (const promise of lost) {
      const error = await promise.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProduceError);
      expect(error).toMatchObject({
        topic: "t",
        partition: 1,
        recordCount: 2,
        retriable: true,
        message: 'produce to topic "t" partition 1 (2 records): NOT_LEADER_FOR_PARTITION',
      });
      expect((error as ProduceError).cause).toBeInstanceOf(Error);
    }
  });

  it("flush sends open batches now and resolves when every record has settled", async () => {
    const { transport, append, accumulator, outcomes } = setup({ lingerMs: 60_000 });
    const sends = [append(0, "a"), append(1, "b"), append(2, "c")];
    await accumulator.flush();
    expect(transport.sent).toHaveLength(3);
    expect(outcomes.sort()).toEqual(["a@0", "b@0", "c@0"]);
    await Promise.all(sends);
    expect(accumulator.pendingCount).toBe(0);
  });

  it("expires a batch that waited longer than deliveryTimeoutMs behind a slow one", async () => {
    const { transport, append, clock } = setup({ deliveryTimeoutMs: 1_000 });
    transport.autoAck = false;
    const first = append(0, "a");
    clock.advance(5);
    const second = append(0, "b");
    clock.advance(5);
    clock.advance(2_000);
    transport.sent[0]?.ack();
    await first;
    const error = await second.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProduceError);
    expect((error as Error).message).toMatch(/delivery timeout: not sent within deliveryTimeoutMs 1000/);
    expect(transport.sent).toHaveLength(1);
  });

  it("tells when a partition's batch closes (sticky partitioners move on)", () => {
    const { append, clock, closed } = setup();
    void append(3, "a");
    clock.advance(5);
    expect(closed).toEqual(["t/3"]);
  });

  it("keeps up to maxInFlightPerPartition batches of a partition in flight, and settles them in order", async () => {
    const { append, transport, outcomes } = setup({ maxInFlightPerPartition: 3, batchSizeBytes: 10 });
    transport.autoAck = false;
    // Each 10-byte record fills a batch: five batches, three go at once.
    const sends = ["a", "b", "c", "d", "e"].map((value) => append(0, value));
    expect(transport.sent.map((sent) => sent.batch.records[0]?.value.toString())).toEqual(["a", "b", "c"]);
    transport.sent[0]?.ack();
    await sends[0];
    expect(transport.sent.map((sent) => sent.batch.records[0]?.value.toString())).toEqual(["a", "b", "c", "d"]);
    for (const index of [1, 2, 3]) transport.sent[index]?.ack();
    await Promise.all(sends.slice(0, 4));
    transport.sent[4]?.ack();
    await Promise.all(sends);
    expect(outcomes).toEqual(["a@0", "b@1", "c@2", "d@3", "e@4"]);
  });
});
