import { describe, expect, it } from "vitest";
import { BrokerError, ProduceError } from "../../../../../src/errors/index.js";
import type { TransportAck } from "../../../../../src/producer/transport/transport.js";
import { IdempotentProducerState } from "../../../../../src/producer/transport/wire/idempotent-producer-state.js";
import {
  type DispatchOutcome,
  type EncodedBatch,
  type PartitionDispatcher,
  PartitionPipeline,
  type PipelineRetry,
  type RouteResult,
} from "../../../../../src/producer/transport/wire/partition-pipeline.js";
import { kafkaError } from "../../../../../src/producer/transport/wire/protocol/error-codes.js";
import {
  NO_PRODUCER_STATE,
  RecordBatchBuilder,
} from "../../../../../src/producer/transport/wire/record-batch/record-batch-builder.js";
import { manualClock } from "../../../../support/manual-clock.js";

interface Sent {
  readonly value: string;
  readonly epoch: number;
  readonly sequence: number;
  readonly records: number;
  readonly answer: (outcome: DispatchOutcome) => void;
}

const ok = (offset: number): DispatchOutcome => ({ kind: "ok", baseOffset: BigInt(offset), logAppendTimeMs: -1n });

function brokerError(code: number): DispatchOutcome {
  const info = kafkaError(code);
  const error = new BrokerError({ broker: "b:1", api: "Produce" }, code, info.name, info.name, {
    retriable: info.retriable,
  });
  return {
    kind: "error",
    error,
    kafkaErrorCode: code,
    retriable: info.retriable,
    refreshMetadata: info.refreshMetadata,
  };
}

// As the wire transport encodes a batch: splittable into halves, each encoded the same way.
function encode(builder: RecordBatchBuilder): EncodedBatch {
  const batch = builder.finish({ compression: "none", producer: NO_PRODUCER_STATE }) as Buffer;
  const split =
    builder.count < 2
      ? undefined
      : (): readonly [EncodedBatch, EncodedBatch] => {
          const [first, second] = builder.split();
          return [encode(first), encode(second)];
        };
  return { batch, recordCount: builder.count, split };
}

function batchOf(values: string, records = 1): EncodedBatch {
  const builder = new RecordBatchBuilder();
  // One value per character when there are as many records as characters; else the whole string each time.
  for (let i = 0; i < records; i += 1)
    builder.append(null, Buffer.from(values.length === records ? (values[i] as string) : values), undefined, 1);
  return encode(builder);
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

interface SetupOptions {
  readonly idempotent?: boolean;
  readonly route?: () => RouteResult | undefined;
  readonly maxInFlight?: number;
  readonly maxRetries?: number;
}

function setup(options: SetupOptions = {}) {
  const clock = manualClock();
  const sent: Sent[] = [];
  const invalidated: string[] = [];
  const dispatcher: PartitionDispatcher = {
    invalidateMetadata: (topic) => void invalidated.push(topic),
    route: async () =>
      options.route?.() ?? {
        kind: "route",
        route: {
          send: (batch) =>
            new Promise<DispatchOutcome>((answer) => {
              sent.push({
                value: batch.subarray(batch.length - 2, batch.length - 1).toString(),
                epoch: batch.readInt16BE(51),
                sequence: batch.readInt32BE(53),
                records: batch.readInt32BE(57),
                answer,
              });
            }),
        },
      },
  };
  const idempotence =
    options.idempotent === true
      ? new IdempotentProducerState(async () => ({ producerId: 9n, producerEpoch: 0 }))
      : undefined;
  const retries: PipelineRetry[] = [];
  const pipeline = new PartitionPipeline({
    topic: "t",
    partition: 3,
    dispatcher,
    policy: {
      retryBackoffMs: 100,
      retryBackoffMaxMs: 1_000,
      deliveryTimeoutMs: 10_000,
      maxRetries: options.maxRetries ?? Number.MAX_SAFE_INTEGER,
      random: () => 0.5,
    },
    clock,
    idempotence,
    maxInFlight: options.maxInFlight ?? 5,
    onRetry: (retry) => void retries.push(retry),
  });
  const results: (TransportAck | Error)[] = [];
  const send = (value: string, records = 1): void => {
    pipeline.send(batchOf(value, records)).then(
      (ack) => void results.push(ack),
      (error: Error) => void results.push(error),
    );
  };
  return { clock, sent, invalidated, pipeline, results, send, idempotence, retries };
}

describe("PartitionPipeline", () => {
  it("splits a batch the broker refuses as too large into halves, in its place, down to single records", async () => {
    const { sent, send, results, clock } = setup({ maxInFlight: 1 });
    send("abcd", 4);
    send("e");
    await flush();
    sent[0]?.answer(brokerError(10)); // MESSAGE_TOO_LARGE
    await flush();
    clock.advance(100);
    await flush();
    // The first half goes first, ahead of "e"; refused again, it splits into single records.
    expect(sent.map((s) => [s.value, s.records])).toEqual([
      ["d", 4],
      ["b", 2],
    ]);
    sent[1]?.answer(brokerError(10));
    await flush();
    clock.advance(200);
    await flush();
    for (const [index, offset] of [
      [2, 10],
      [3, 11],
      [4, 20],
      [5, 30],
    ] as const) {
      await flush();
      sent[index]?.answer(ok(offset));
    }
    await flush();
    expect(sent.map((s) => [s.value, s.records])).toEqual([
      ["d", 4],
      ["b", 2],
      ["a", 1],
      ["b", 1],
      ["d", 2],
      ["e", 1],
    ]);
    expect(results).toEqual([
      {
        baseOffset: "10",
        logAppendTime: -1,
        segments: [
          { recordCount: 1, baseOffset: "10", logAppendTime: -1 },
          { recordCount: 1, baseOffset: "11", logAppendTime: -1 },
          { recordCount: 2, baseOffset: "20", logAppendTime: -1 },
        ],
      },
      { baseOffset: "30", logAppendTime: -1 },
    ]);
  });

  it("answers a split batch part by part when one half is stored and the other fails", async () => {
    const { sent, send, results, clock } = setup({ maxInFlight: 1 });
    send("ab", 2);
    await flush();
    sent[0]?.answer(brokerError(10)); // MESSAGE_TOO_LARGE: split into "a" and "b"
    await flush();
    clock.advance(100);
    await flush();
    sent[1]?.answer(ok(10));
    await flush();
    sent[2]?.answer(brokerError(10)); // a single record too large: fails for good
    await flush();
    expect(sent.map((s) => [s.value, s.records])).toEqual([
      ["b", 2],
      ["a", 1],
      ["b", 1],
    ]);
    const ack = results[0] as TransportAck;
    expect(ack.baseOffset).toBe("10");
    expect(ack.segments?.map(({ recordCount, baseOffset, error }) => [recordCount, baseOffset, error?.name])).toEqual([
      [1, "10", undefined],
      [1, "-1", "ProduceError"],
    ]);
    expect(ack.segments?.[1]?.error?.message).toContain("MESSAGE_TOO_LARGE");
  });

  it("fails a split batch as a whole when both halves fail", async () => {
    const { sent, send, results, clock } = setup({ maxInFlight: 1 });
    send("ab", 2);
    await flush();
    sent[0]?.answer(brokerError(10));
    await flush();
    clock.advance(100);
    await flush();
    sent[1]?.answer(brokerError(10));
    await flush();
    sent[2]?.answer(brokerError(10));
    await flush();
    expect(results).toHaveLength(1);
    expect(results[0]).toBeInstanceOf(ProduceError);
  });

  it("fails a single record the broker refuses as too large, and nothing else", async () => {
    const { sent, send, results } = setup({ maxInFlight: 1 });
    send("a");
    send("b");
    await flush();
    sent[0]?.answer(brokerError(10));
    await flush();
    sent[1]?.answer(ok(5));
    await flush();
    expect(results[0]).toBeInstanceOf(ProduceError);
    expect((results[0] as ProduceError).message).toContain("MESSAGE_TOO_LARGE");
    expect(results[1]).toEqual({ baseOffset: "5", logAppendTime: -1 });
  });

  it("keeps at most maxInFlight batches awaiting responses and sends the next as one completes", async () => {
    const { sent, send, results } = setup({ maxInFlight: 2 });
    for (const value of "abc") send(value);
    await flush();
    expect(sent.map((s) => s.value)).toEqual(["a", "b"]);
    sent[0]?.answer(ok(10));
    await flush();
    expect(sent.map((s) => s.value)).toEqual(["a", "b", "c"]);
    expect(results).toEqual([{ baseOffset: "10", logAppendTime: -1 }]);
  });

  it("retries a retriable error after the backoff, metadata refreshed, later batches behind it in order", async () => {
    const { sent, send, results, clock, invalidated, idempotence } = setup({ idempotent: true });
    await idempotence?.init();
    send("z", 1);
    await flush();
    sent[0]?.answer(ok(0));
    send("a", 2);
    send("b", 3);
    await flush();
    expect(sent.map((s) => [s.value, s.sequence])).toEqual([
      ["z", 0],
      ["a", 1],
      ["b", 3],
    ]);
    sent[1]?.answer(brokerError(6)); // NOT_LEADER_OR_FOLLOWER
    sent[2]?.answer(brokerError(45)); // OUT_OF_ORDER_SEQUENCE_NUMBER: b is not the next expected batch
    await flush();
    expect(invalidated).toEqual(["t"]);
    clock.advance(99);
    await flush();
    expect(sent).toHaveLength(3);
    clock.advance(1);
    await flush();
    // Same sequences, same epoch, same order.
    expect(sent.slice(3).map((s) => [s.value, s.sequence, s.epoch])).toEqual([
      ["a", 1, 0],
      ["b", 3, 0],
    ]);
    sent[3]?.answer(ok(100));
    sent[4]?.answer(ok(102));
    await flush();
    expect(results).toEqual([
      { baseOffset: "0", logAppendTime: -1 },
      { baseOffset: "100", logAppendTime: -1 },
      { baseOffset: "102", logAppendTime: -1 },
    ]);
  });

  it("idempotent: a partition's first batch goes alone until the broker acknowledges it", async () => {
    const { sent, send, idempotence } = setup({ idempotent: true });
    await idempotence?.init();
    for (const value of "abc") send(value);
    await flush();
    expect(sent.map((s) => s.value)).toEqual(["a"]);
    sent[0]?.answer(ok(0));
    await flush();
    expect(sent.map((s) => s.value)).toEqual(["a", "b", "c"]);
  });

  it("a batch out of order behind one the broker already wrote goes again in a new epoch", async () => {
    const { sent, send, results, idempotence, clock } = setup({ idempotent: true });
    await idempotence?.init();
    send("z");
    await flush();
    sent[0]?.answer(ok(0));
    send("a");
    send("b");
    await flush();
    sent[1]?.answer(brokerError(6)); // a: NOT_LEADER_OR_FOLLOWER
    sent[2]?.answer(ok(1)); // b written first
    await flush();
    clock.advance(100);
    await flush();
    expect(sent.slice(3).map((s) => [s.value, s.epoch, s.sequence])).toEqual([["a", 0, 1]]);
    sent[3]?.answer(brokerError(45));
    await flush();
    clock.advance(200);
    await flush();
    expect(sent.slice(4).map((s) => [s.value, s.epoch, s.sequence])).toEqual([["a", 1, 0]]);
    sent[4]?.answer(ok(2));
    await flush();
    expect(results).toHaveLength(3);
    expect(results.every((result) => !(result instanceof Error))).toBe(true);
  });

  it("reports each retry once, before its backoff: attempt, records, last error and backoff chosen", async () => {
    const { sent, send, results, clock, retries } = setup();
    send("a", 2);
    send("b", 3);
    await flush();
    sent[0]?.answer(brokerError(19)); // NOT_ENOUGH_REPLICAS
    sent[1]?.answer(brokerError(6)); // NOT_LEADER_OR_FOLLOWER
    await flush();
    // Both reported as their retry is decided, before the backoff has passed.
    expect(
      retries.map(({ attempt, recordCount, error, backoffMs }) => [attempt, recordCount, error?.name, backoffMs]),
    ).toEqual([
      [1, 2, "BrokerError", 100],
      [1, 3, "BrokerError", 100],
    ]);
    expect(retries[0]?.error?.message).toMatch(/NOT_ENOUGH_REPLICAS/);
    clock.advance(100);
    await flush();
    sent[2]?.answer(brokerError(19));
    sent[3]?.answer(ok(7));
    await flush();
    // The second retry of "a" alone, after a doubled backoff (random 0.5: no jitter).
    expect(retries.slice(2).map(({ attempt, recordCount, backoffMs }) => [attempt, recordCount, backoffMs])).toEqual([
      [2, 2, 200],
    ]);
    clock.advance(200);
    await flush();
    sent[4]?.answer(ok(5));
    await flush();
    expect(retries).toHaveLength(3);
    expect(results).toHaveLength(2);
  });

  it("reports no retry for a batch that fails for good", async () => {
    const { sent, send, results, retries } = setup();
    send("a");
    await flush();
    sent[0]?.answer(brokerError(10)); // MESSAGE_TOO_LARGE: not retriable
    await flush();
    expect(results[0]).toBeInstanceOf(ProduceError);
    expect(retries).toEqual([]);
  });

  it("gives up at deliveryTimeoutMs, not after a count, with a retriable ProduceError and the cause", async () => {
    const { sent, send, results, clock } = setup();
    send("a");
    for (let attempt = 0; results.length === 0 && attempt < 100; attempt += 1) {
      await flush();
      sent.at(-1)?.answer(brokerError(19)); // NOT_ENOUGH_REPLICAS
      await flush();
      clock.advance(1_000);
    }
    const error = results[0];
    expect(error).toBeInstanceOf(ProduceError);
    expect(error).toMatchObject({ topic: "t", partition: 3, recordCount: 1, retriable: true });
    expect((error as ProduceError).message).toMatch(/deliveryTimeoutMs 10000/);
    expect((error as ProduceError).cause).toBeInstanceOf(BrokerError);
    // 100 + 200 + 400 + 800 ms, then 1 s each: far more than Java's old retry counts, all within 10 s.
    expect(sent.length).toBeGreaterThan(5);
    expect(sent.length).toBeLessThan(15);
  });

  it("gives up after `retries` retries when that option is set, long before deliveryTimeoutMs", async () => {
    const { sent, send, results, clock } = setup({ maxRetries: 2 });
    send("a");
    for (let attempt = 0; results.length === 0 && attempt < 100; attempt += 1) {
      await flush();
      sent.at(-1)?.answer(brokerError(19)); // NOT_ENOUGH_REPLICAS
      await flush();
      clock.advance(1_000);
    }
    const error = results[0];
    expect(error).toBeInstanceOf(ProduceError);
    expect((error as ProduceError).message).toMatch(/retries 2 used up after 3 attempt\(s\)/);
    expect(sent).toHaveLength(3);
  });

  it("fails a batch for a partition missing from metadata with a retriable error, sending nothing", async () => {
    const { sent, send, results } = setup({ route: () => ({ kind: "missing", partitionCount: 2 }) });
    send("a");
    await flush();
    expect(sent).toHaveLength(0);
    expect(results[0]).toBeInstanceOf(ProduceError);
    expect(results[0]).toMatchObject({ retriable: true, partition: 3 });
    expect((results[0] as Error).message).toMatch(/not in the topic's metadata \(2 partitions\)/);
  });

  it("fails a non-retriable error at once, and with idempotence starts a new epoch at sequence 0", async () => {
    const { sent, send, results, idempotence } = setup({ idempotent: true });
    await idempotence?.init();
    send("a", 4);
    await flush();
    sent[0]?.answer(brokerError(87)); // INVALID_RECORD
    await flush();
    expect(results[0]).toMatchObject({ name: "ProduceError", retriable: false });
    send("b");
    await flush();
    expect(sent.map((s) => [s.value, s.epoch, s.sequence])).toEqual([
      ["a", 0, 0],
      ["b", 1, 0],
    ]);
  });

  it("fails the expected batch on OUT_OF_ORDER_SEQUENCE_NUMBER (the broker lost it), bumps the epoch", async () => {
    const { sent, send, results, idempotence, clock } = setup({ idempotent: true });
    await idempotence?.init();
    send("z");
    await flush();
    sent[0]?.answer(ok(0));
    send("a");
    send("b");
    await flush();
    sent[1]?.answer(brokerError(45));
    sent[2]?.answer(brokerError(45));
    await flush();
    expect(results[1]).toMatchObject({ name: "ProduceError", retriable: false });
    clock.advance(100);
    await flush();
    // b was out of order only because a failed: it goes again, renumbered in the new epoch.
    expect(sent.slice(3).map((s) => [s.value, s.epoch, s.sequence])).toEqual([["b", 1, 0]]);
  });

  it("retries UNKNOWN_PRODUCER_ID in a new epoch; DUPLICATE_SEQUENCE_NUMBER has no offset to give", async () => {
    const { sent, send, results, idempotence, clock } = setup({ idempotent: true });
    await idempotence?.init();
    send("a");
    await flush();
    sent[0]?.answer(brokerError(59));
    await flush();
    clock.advance(100);
    await flush();
    expect(sent.slice(1).map((s) => [s.value, s.epoch, s.sequence])).toEqual([["a", 1, 0]]);
    sent[1]?.answer(brokerError(46));
    await flush();
    expect(results[0]).toMatchObject({ name: "ProduceError", retriable: false });
    expect((results[0] as Error).message).toMatch(/no longer knows its offset/);
  });

  it("retries a route failure (broker down) as retriable", async () => {
    let down = true;
    const error = new BrokerError({ broker: "b:1", api: "connect" }, undefined, undefined, "refused", {
      retriable: true,
    });
    const harness = setup({
      route: () =>
        down ? { kind: "error", error, kafkaErrorCode: undefined, retriable: true, refreshMetadata: true } : undefined,
    });
    harness.send("a");
    await flush();
    expect(harness.sent).toHaveLength(0);
    down = false;
    harness.clock.advance(100);
    await flush();
    expect(harness.sent).toHaveLength(1);
    harness.sent[0]?.answer(ok(5));
    await flush();
    expect(harness.results).toEqual([{ baseOffset: "5", logAppendTime: -1 }]);
  });
});
