import { describe, expect, it } from "vitest";
import { IdempotentProducerState } from "../../../../../src/producer/transport/wire/idempotent-producer-state.js";
import { incrementSequence } from "../../../../../src/producer/transport/wire/sequence-numbers.js";

async function started(epoch = 0): Promise<{ state: IdempotentProducerState; inits: () => number }> {
  let inits = 0;
  const state = new IdempotentProducerState(async () => {
    inits += 1;
    return { producerId: BigInt(1000 + inits), producerEpoch: epoch };
  });
  await state.init();
  return { state, inits: () => inits };
}

describe("IdempotentProducerState", () => {
  it("numbers each partition's batches from 0 by record count and keeps a batch's numbers on retry", async () => {
    const { state } = await started();
    const first = state.sequence("t/0", 3, undefined);
    const second = state.sequence("t/0", 2, undefined);
    const other = state.sequence("t/1", 5, undefined);
    expect([first.baseSequence, second.baseSequence, other.baseSequence]).toEqual([0, 3, 0]);
    expect(first).toMatchObject({ producerId: 1001n, producerEpoch: 0 });
    expect(state.sequence("t/0", 3, first)).toBe(first);
    expect(state.sequence("t/0", 1, undefined).baseSequence).toBe(5);
  });

  it("wraps sequences to 0 after Integer.MAX_VALUE as Kafka does", () => {
    expect(incrementSequence(0x7fffffff - 2, 2)).toBe(0x7fffffff);
    expect(incrementSequence(0x7fffffff - 1, 3)).toBe(1);
    expect(incrementSequence(0x7fffffff, 1)).toBe(0);
  });

  it("knows the next expected batch from the last acknowledged one", async () => {
    const { state } = await started();
    const a = state.sequence("t/0", 3, undefined);
    const b = state.sequence("t/0", 3, undefined);
    expect(state.isNextSequence("t/0", a)).toBe(true);
    expect(state.isNextSequence("t/0", b)).toBe(false);
    state.acknowledged("t/0", a, 3);
    expect(state.isNextSequence("t/0", b)).toBe(true);
  });

  it("bumps the epoch only once nothing is in flight, then restarts every partition at 0", async () => {
    const { state } = await started(4);
    const old = state.sequence("t/0", 10, undefined);
    state.sequence("t/1", 10, undefined);
    state.sent();
    state.requestEpochBump();
    let ready = false;
    const waiting = state.ready().then(() => {
      ready = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(ready).toBe(false);
    expect(state.epoch).toBe(4);
    state.settled();
    await waiting;
    expect(state.epoch).toBe(5);
    const again = state.sequence("t/0", 10, old);
    expect(again).toEqual({ producerId: 1001n, producerEpoch: 5, baseSequence: 0 });
    expect(state.sequence("t/1", 1, undefined).baseSequence).toBe(0);
  });

  it("asks for a new producer id when the epoch would pass 32767", async () => {
    const { state, inits } = await started(32767);
    state.requestEpochBump();
    await state.ready();
    expect(inits()).toBe(2);
    expect(state.producerId).toBe(1002n);
    expect(state.bumpRequested).toBe(false);
  });
});
