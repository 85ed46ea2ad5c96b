import { describe, expect, it } from "vitest";
import { BrokerError, ProduceError } from "../../../../../src/errors/index.js";
import type { TransportAck } from "../../../../../src/producer/transport/transport.js";
import { IdempotentProducerState } from "../../../../../src/producer/transport/wire/idempotent-producer-state.js";
import {
  type DispatchOutcome,
  type PartitionDispatcher,
  PartitionPipeline,
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

function batchOf(value: string, records = 1): Buffer {
  const builder = new RecordBatchBuilder();
  for (let i = 0; i < records; i += 1) builder.append(null, Buffer.from(value), undefined, 1);
  return builder.finish({ compression: "none", producer: NO_PRODUCER_STATE }) as Buffer;
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

function setup(options: { idempotent?: boolean; route?: () => RouteResult | undefined; maxInFlight?: number } = {}) {
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
  const pipeline = new PartitionPipeline({
    topic: "t",
    partition: 3,
    dispatcher,
    policy: { retryBackoffMs: 100, retryBackoffMaxMs: 1_000, deliveryTimeoutMs: 10_000, random: () => 0.5 },
    clock,
    idempotence,
    maxInFlight: options.maxInFlight ?? 5,
  });
  const results: (TransportAck | Error)[] = [];
  const send = (value: string, records = 1): void => {
    pipeline.send(batchOf(value, records), records).then(
      (ack) => void results.push(ack),
      (error: Error) => void results.push(error),
    );
  };
  return { clock, sent, invalidated, pipeline, results, send, idempotence };
}

describe("PartitionPipeline", () => {
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
    sent[0]?.answer(brokerError(10)); // MESSAGE_TOO_LARGE
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
