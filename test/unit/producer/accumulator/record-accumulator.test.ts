import { describe, expect, it } from "vitest";
import { ProduceError, RecordTooLargeError } from "../../../../src/errors/index.js";
import {
  RecordAccumulator,
  type AccumulatorOptions,
  type RecordSource,
} from "../../../../src/producer/accumulator/record-accumulator.js";
import type { RecordBatch } from "../../../../src/producer/accumulator/record-batch.js";
import type { RecordMetadata } from "../../../../src/producer/record-metadata.js";
import type { BatchBuilder, TransportBatch, TransportRecord } from "../../../../src/producer/transport/transport.js";
import type { ValueEncoder } from "../../../../src/serde/value-encoder.js";
import { FakeTransport } from "../../../support/fake-transport.js";
import { manualClock } from "../../../support/manual-clock.js";

/** A test record: its text, the bytes it counts for, and whether encoding it fails. */
interface Sized {
  readonly text: string;
  readonly bytes: number;
  readonly invalid?: boolean;
}

/** A batch whose records weigh what the test says, so batch-size rules can be read off the test. */
class SizedBatch implements BatchBuilder, TransportBatch {
  readonly records: TransportRecord[] = [];
  readonly #sizes: number[] = [];
  sizeBytes = 0;

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  get count(): number {
    return this.records.length;
  }

  append(key: Buffer | null, headers: undefined, timestamp: number, encoder: ValueEncoder, value: unknown): number {
    const target = Buffer.alloc(64);
    const end = encoder.encodeInto(value, target, 0);
    const { bytes } = value as Sized;
    this.records.push({ key, value: target.subarray(0, end), headers, timestamp });
    this.#sizes.push(bytes);
    this.sizeBytes += bytes;
    return bytes;
  }

  removeLast(): void {
    this.records.pop();
    this.sizeBytes -= this.#sizes.pop() ?? 0;
  }
}

const ENCODER: ValueEncoder = {
  schemaId: 7,
  encodeInto: (value, target, offset) => {
    const sized = value as Sized;
    if (sized.invalid === true) throw new Error(`cannot encode ${sized.text}`);
    return offset + target.write(sized.text, offset);
  },
};

function setup(overrides: Partial<AccumulatorOptions> = {}) {
  const clock = manualClock();
  const sizeHints: number[] = [];
  const transport = Object.assign(new FakeTransport(), {
    createBatch: (topic: string, partition: number, sizeHintBytes: number) => {
      sizeHints.push(sizeHintBytes);
      return new SizedBatch(topic, partition);
    },
  });
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
  const source = (topic: string): RecordSource => ({ topic, subject: `${topic}-value`, encoder: ENCODER });
  const append = (partition: number, text: string, bytes = 10, topic = "t", invalid = false): Promise<RecordMetadata> =>
    new Promise<RecordMetadata>((resolve, reject) => {
      const listener = {
        delivered: (batch: RecordBatch, index: number) => {
          const metadata = batch.metadataOf(index);
          outcomes.push(`${text}@${metadata.offset}`);
          resolve(metadata);
        },
        failed: (error: Error) => {
          outcomes.push(`${text}!`);
          reject(error);
        },
      };
      const value: Sized = { text, bytes, invalid };
      accumulator.append(source(topic), partition, null, undefined, 1, value, listener, clock.now());
    });
  return { clock, transport, accumulator, append, outcomes, closed, sizeHints };
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

  it("rejects an invalid or too-large record alone, and leaves its batch as it was", async () => {
    const { transport, append, clock, outcomes } = setup({ maxRequestSizeBytes: 500 });
    const first = append(0, "a");
    await expect(append(0, "bad", 10, "t", true)).rejects.toThrow("cannot encode bad");
    const tooLarge = await append(0, "huge", 600).catch((error: unknown) => error);
    expect(tooLarge).toBeInstanceOf(RecordTooLargeError);
    expect(tooLarge).toMatchObject({ topic: "t", subject: "t-value" });
    const last = append(0, "b");
    clock.advance(5);
    await Promise.all([first, last]);
    expect(transport.sent.map((sent) => sent.batch.records.map((record) => record.value.toString()))).toEqual([
      ["a", "b"],
    ]);
    expect(outcomes).toEqual(["a@0", "b@1"]);
  });

  it("sizes a partition's next batch for twice its last one, and for batchSizeBytes once one filled", async () => {
    const { append, clock, sizeHints } = setup({ batchSizeBytes: 256 * 1024, maxRequestSizeBytes: 1 << 20 });
    // Each batch lingers out and is acknowledged before the next record comes.
    const lingerOut = async (): Promise<void> => {
      clock.advance(5);
      await tick();
    };
    void append(0, "lingered", 10);
    await lingerOut();
    void append(0, "bigger", 20_000);
    await lingerOut();
    void append(0, "next", 10);
    await lingerOut();
    for (let i = 0; i < 14; i += 1) void append(0, `full${i}`, 20_000);
    await lingerOut();
    // The least hint first; then twice the last batch's bytes (10 -> the least, 20,000 -> 40,000); once a
    // batch filled (13 x 20,000 >= 256 KiB, the 14th record opens the next), the full size.
    expect(sizeHints).toEqual([16_384, 16_384, 40_000, 16_384, 256 * 1024]);
  });

  it("delivers the stored part of a split batch and fails only the part that failed", async () => {
    const settled: string[] = [];
    const { transport, append, clock, outcomes } = setup({
      onBatchSettled: ({ recordCount, error }) => {
        settled.push(`${recordCount}${error === undefined ? "" : "!"}`);
      },
    });
    transport.autoAck = false;
    const sends = [append(0, "a"), append(0, "b"), append(0, "c")];
    clock.advance(5);
    const tooLarge = new ProduceError("t", 0, 1, "MESSAGE_TOO_LARGE");
    transport.sent[0]?.answer({
      baseOffset: "7",
      logAppendTime: -1,
      segments: [
        { recordCount: 2, baseOffset: "7", logAppendTime: -1 },
        { recordCount: 1, baseOffset: "-1", logAppendTime: -1, error: tooLarge },
      ],
    });
    const results = await Promise.allSettled(sends);
    expect(outcomes).toEqual(["a@7", "b@8", "c!"]);
    expect(results[2]).toEqual({ status: "rejected", reason: tooLarge });
    expect(settled).toEqual(["2", "1!"]);
  });

  it("sends no batch for a partition whose only record failed", async () => {
    const { transport, append, accumulator } = setup();
    await expect(append(2, "bad", 10, "t", true)).rejects.toThrow("cannot encode");
    await accumulator.flush();
    expect(transport.sent).toHaveLength(0);
    expect(accumulator.pendingCount).toBe(0);
  });
});

// DESIGN.md's state table of one topic-partition, row by row: each row drives the accumulator from its
// state through its event, and reads back what a batch did (sent or not, records in it, timers left).
describe("RecordAccumulator state table (one topic-partition)", () => {
  type Harness = ReturnType<typeof setup>;
  const sentRecords = ({ transport }: Harness): string[][] =>
    transport.sent.map((sent) => sent.batch.records.map((record) => record.value.toString()));
  const rows: readonly {
    readonly state: string;
    readonly event: string;
    readonly expected: string;
    readonly run: (harness: Harness) => Promise<string> | string;
  }[] = [
    {
      state: "no open batch",
      event: "record appended",
      expected: "open: nothing sent, the linger timer started",
      run: (h) => {
        void h.append(0, "a");
        return `open: ${h.transport.sent.length === 0 ? "nothing sent" : "sent"}, the linger timer ${
          h.clock.pendingTimers === 1 ? "started" : "missing"
        }`;
      },
    },
    {
      state: "open",
      event: "record overflowed the batch",
      expected: "old batch sent [a]; new batch open with [b]",
      run: async (h) => {
        void h.append(0, "a", 60);
        void h.append(0, "b", 60);
        const sent = sentRecords(h);
        await tick();
        h.clock.advance(5);
        await tick();
        return `old batch sent [${sent.join("|")}]; new batch open with [${sentRecords(h)[1]?.join(",")}]`;
      },
    },
    {
      state: "open",
      event: "size reached",
      expected: "sent at once [a,b], no timer left",
      run: (h) => {
        void h.append(0, "a", 50);
        void h.append(0, "b", 50);
        return `sent at once [${sentRecords(h).join("|")}], ${h.clock.pendingTimers === 0 ? "no timer left" : "timer"}`;
      },
    },
    {
      state: "open",
      event: "linger expired, nothing in flight",
      expected: "sent [a,b] at 5 ms",
      run: (h) => {
        void h.append(0, "a");
        h.clock.advance(3);
        void h.append(0, "b");
        h.clock.advance(1);
        const early = sentRecords(h).length;
        h.clock.advance(1);
        return early === 0 ? `sent [${sentRecords(h).join("|")}] at 5 ms` : "sent early";
      },
    },
    {
      state: "open",
      event: "linger expired, a batch in flight",
      expected: "open, lingered: still filling [b,c,d] (1 sent)",
      run: (h) => {
        h.transport.autoAck = false;
        void h.append(0, "a");
        h.clock.advance(5);
        void h.append(0, "b");
        h.clock.advance(5);
        void h.append(0, "c");
        void h.append(0, "d");
        h.clock.advance(50);
        return `open, lingered: still filling [b,c,d] (${h.transport.sent.length} sent)`;
      },
    },
    {
      state: "open, lingered",
      event: "in-flight batch answered",
      expected: "sent at once: [a]|[b,c]",
      run: async (h) => {
        h.transport.autoAck = false;
        const first = h.append(0, "a");
        h.clock.advance(5);
        void h.append(0, "b");
        h.clock.advance(5);
        void h.append(0, "c");
        h.transport.sent[0]?.ack();
        await first;
        await tick();
        return `sent at once: ${sentRecords(h)
          .map((records) => `[${records.join(",")}]`)
          .join("|")}`;
      },
    },
    {
      state: "ready, nothing in flight",
      event: "drain, older than deliveryTimeoutMs",
      expected: "failed without a request: b! (1 request)",
      run: async (h) => {
        h.transport.autoAck = false;
        const first = h.append(0, "a");
        h.clock.advance(5);
        const late = h.append(0, "b").catch(() => undefined);
        h.clock.advance(5);
        h.clock.advance(20_000);
        h.transport.sent[0]?.ack();
        await Promise.all([first, late]);
        return `failed without a request: ${h.outcomes.filter((o) => o.endsWith("!")).join()} (${
          h.transport.sent.length
        } request)`;
      },
    },
    {
      state: "in flight",
      event: "answered",
      expected: "a@0,b@1; bytes released: 0 used",
      run: async (h) => {
        const sends = [h.append(0, "a", 30), h.append(0, "b", 30)];
        h.clock.advance(5);
        await Promise.all(sends);
        return `${h.outcomes.join()}; bytes released: ${h.accumulator.usedBytes} used`;
      },
    },
    {
      state: "in flight",
      event: "failed",
      expected: "a!,b!; bytes released: 0 used",
      run: async (h) => {
        h.transport.failing.set("t/0", new Error("broker said no"));
        const sends = [h.append(0, "a", 30), h.append(0, "b", 30)].map((sent) => sent.catch(() => undefined));
        h.clock.advance(5);
        await Promise.all(sends);
        return `${h.outcomes.join()}; bytes released: ${h.accumulator.usedBytes} used`;
      },
    },
  ];

  it.each(rows)("$state + $event → $expected", async ({ run, expected }) => {
    expect(await run(setup())).toBe(expected);
  });
});
