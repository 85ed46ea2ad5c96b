import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { DeliveryListener } from "../../../../src/producer/accumulator/record-batch.js";
import { type MemoryWaiter, WaitingQueue } from "../../../../src/producer/accumulator/waiting-queue.js";

/** A topic's waiter that logs what it admits: `value@options`, or throws for the value "bad". */
function waiter(topic: string, log: string[]): MemoryWaiter {
  return {
    topic,
    admit: (value, options) => {
      if (value === "bad") throw new Error("bad is invalid");
      log.push(`${topic}:${String(value)}@${String(options)}`);
    },
  };
}

function listener(log: string[], name: string): DeliveryListener {
  return { delivered: () => undefined, failed: (error) => log.push(`${name} failed: ${error.message}`) };
}

describe("WaitingQueue", () => {
  it("admits in push order across chunks, across topics, and reports its length and head", () => {
    const queue = new WaitingQueue();
    const log: string[] = [];
    const [a, b] = [waiter("a", log), waiter("b", log)];
    // Three chunks and a bit (1,024 sends a chunk), two topics interleaved.
    const count = 3 * 1024 + 5;
    for (let i = 0; i < count; i += 1) queue.push(i % 3 === 0 ? b : a, i, i * 2, listener(log, `${i}`), 1_000 + i);
    expect([queue.length, queue.headDeadline, queue.headTopic]).toEqual([count, 1_000, "b"]);
    for (let i = 0; i < count; i += 1) queue.admitHead();
    const expected = Array.from({ length: count }, (_, i) => `${i % 3 === 0 ? "b" : "a"}:${i}@${i * 2}`);
    expect(log).toEqual(expected);
    expect([queue.length, queue.headDeadline, queue.headTopic]).toEqual([0, undefined, undefined]);
    // Taking from an empty queue does nothing.
    queue.admitHead();
    queue.failHead(new Error("nobody"));
    expect(log).toHaveLength(count);
  });

  it("keeps order while sends come and go around a chunk's end", () => {
    const queue = new WaitingQueue();
    const log: string[] = [];
    const topic = waiter("t", log);
    let pushed = 0;
    let admitted = 0;
    // Push three, admit two, over and over: the head and tail cross chunk ends at different times.
    for (let round = 0; round < 2_000; round += 1) {
      for (let i = 0; i < 3; i += 1) queue.push(topic, pushed, "o", listener(log, "x"), pushed++);
      for (let i = 0; i < 2; i += 1, admitted += 1) {
        expect(queue.headDeadline).toBe(admitted);
        queue.admitHead();
      }
    }
    while (queue.length > 0) queue.admitHead();
    expect(log).toEqual(Array.from({ length: pushed }, (_, i) => `t:${i}@o`));
  });

  it("fails the head with the error given, and an invalid record alone, with the sends behind it in order", () => {
    const queue = new WaitingQueue();
    const log: string[] = [];
    const topic = waiter("t", log);
    queue.push(topic, "late", "o", listener(log, "late"), 1);
    queue.push(topic, "bad", "o", listener(log, "bad"), 2);
    queue.push(topic, "good", "o", listener(log, "good"), 3);
    queue.failHead(new Error("past maxBlockMs"));
    queue.admitHead();
    queue.admitHead();
    expect(log).toEqual(["late failed: past maxBlockMs", "bad failed: bad is invalid", "t:good@o"]);
  });

  it("lets go of a send's value once it is taken off, admitted or failed", async () => {
    const queue = new WaitingQueue();
    const log: string[] = [];
    const topic = waiter("t", log);
    const registry = new FinalizationRegistry<string>((name) => log.push(`${name} collected`));
    // Made in a function of its own: a suspended async test would keep its last local value alive.
    const pushWatched = (name: string): void => {
      const value = { name };
      registry.register(value, name);
      queue.push(topic, value, "o", listener(log, name), 1);
    };
    pushWatched("admitted");
    pushWatched("failed");
    queue.admitHead();
    queue.failHead(new Error("gone"));
    // The queue keeps later sends; the values taken off must not be among what it holds.
    queue.push(topic, "still", "o", listener(log, "still"), 2);
    // A fresh context made after the flag is set sees `gc`: collection on demand without a CLI flag.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    for (let i = 0; i < 10 && log.filter((line) => line.endsWith("collected")).length < 2; i += 1) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(log.filter((line) => line.endsWith("collected")).sort()).toEqual(["admitted collected", "failed collected"]);
  });
});
