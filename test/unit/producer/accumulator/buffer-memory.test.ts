import { describe, expect, it } from "vitest";
import { BufferFullError } from "../../../../src/errors/index.js";
import { BufferMemory } from "../../../../src/producer/accumulator/buffer-memory.js";
import type { DeliveryListener } from "../../../../src/producer/accumulator/record-batch.js";
import type { MemoryWaiter } from "../../../../src/producer/accumulator/waiting-queue.js";
import { manualClock } from "../../../support/manual-clock.js";

// The test's sends carry their own admission as their value: a function that charges bytes, as an append would.
const WAITER: MemoryWaiter = { topic: "t", admit: (value) => (value as () => void)() };

/** Queues a send that charges `bytes` when admitted, and logs what happened to it. */
function enqueue(memory: BufferMemory, log: string[], name: string, bytes: number, throws = false): void {
  const admit = (): void => {
    if (throws) throw new Error(`${name} is invalid`);
    memory.charge(bytes);
    log.push(`${name} in`);
  };
  const listener: DeliveryListener = {
    delivered: () => undefined,
    failed: (error) => log.push(`${name} failed: ${error.name}`),
  };
  memory.enqueue(WAITER, admit, undefined, listener);
}

describe("BufferMemory", () => {
  it("has room while the bytes used are below the budget and nobody waits", () => {
    const memory = new BufferMemory(100, 1_000, manualClock());
    expect(memory.hasRoom).toBe(true);
    memory.charge(99);
    expect(memory.hasRoom).toBe(true);
    // The record that passes the budget was admitted with room left; after it, none.
    memory.charge(50);
    expect([memory.hasRoom, memory.usedBytes]).toEqual([false, 149]);
    memory.release(50);
    expect(memory.hasRoom).toBe(true);
    enqueue(memory, [], "w", 60);
    // Admitted at once (room), and past the budget again.
    expect([memory.hasRoom, memory.usedBytes, memory.waitingCount]).toEqual([false, 159, 0]);
  });

  it("admits waiters first come first served as bytes are released, while there is room", () => {
    const memory = new BufferMemory(100, 1_000, manualClock());
    const log: string[] = [];
    memory.charge(100);
    for (const name of ["a", "b", "c"]) enqueue(memory, log, name, 40);
    expect([log, memory.waitingCount, memory.hasRoom]).toEqual([[], 3, false]);
    memory.release(30);
    // 70 used: a goes in (110), then no room for b.
    expect(log).toEqual(["a in"]);
    memory.release(100);
    // 10 used: b (50), c (90).
    expect(log).toEqual(["a in", "b in", "c in"]);
    expect(memory.waitingCount).toBe(0);
  });

  it("fails waiters past maxBlockMs with BufferFullError, in order, with one timer for the whole queue", () => {
    const clock = manualClock();
    const memory = new BufferMemory(100, 500, clock);
    const log: string[] = [];
    memory.charge(100);
    enqueue(memory, log, "a", 10);
    clock.advance(200);
    enqueue(memory, log, "b", 10);
    enqueue(memory, log, "c", 10);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(300);
    expect(log).toEqual(["a failed: BufferFullError"]);
    clock.advance(199);
    expect(log).toHaveLength(1);
    clock.advance(1);
    expect(log).toEqual(["a failed: BufferFullError", "b failed: BufferFullError", "c failed: BufferFullError"]);
    expect(clock.pendingTimers).toBe(0);
  });

  it("a waiter whose record is invalid fails alone; the ones behind it are admitted", () => {
    const memory = new BufferMemory(100, 1_000, manualClock());
    const log: string[] = [];
    memory.charge(100);
    enqueue(memory, log, "bad", 0, true);
    enqueue(memory, log, "good", 10);
    memory.release(100);
    expect(log).toEqual(["bad failed: Error", "good in"]);
  });

  it("drained() resolves once every waiter queued before it is admitted or failed", async () => {
    const clock = manualClock();
    const memory = new BufferMemory(100, 500, clock);
    const log: string[] = [];
    await memory.drained();
    memory.charge(100);
    enqueue(memory, log, "a", 10);
    let drained = false;
    void memory.drained().then(() => (drained = true));
    enqueue(memory, log, "b", 10);
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    memory.release(95);
    await new Promise((resolve) => setImmediate(resolve));
    // a is in (15 used), b too: both queued; drained() only waited for a.
    expect([drained, log]).toEqual([true, ["a in", "b in"]]);
  });

  it("says how many bytes and how long in its BufferFullError", () => {
    const clock = manualClock();
    const memory = new BufferMemory(64, 250, clock);
    const errors: unknown[] = [];
    memory.charge(64);
    const listener: DeliveryListener = { delivered: () => undefined, failed: (error) => errors.push(error) };
    memory.enqueue({ topic: "orders", admit: () => undefined }, undefined, undefined, listener);
    clock.advance(250);
    expect(errors[0]).toBeInstanceOf(BufferFullError);
    expect(errors[0]).toMatchObject({ topic: "orders", bufferMemoryBytes: 64, maxBlockMs: 250, retriable: true });
  });
});
