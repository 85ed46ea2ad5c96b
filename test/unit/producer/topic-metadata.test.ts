import { describe, expect, it } from "vitest";
import { ProduceError } from "../../../src/errors/index.js";
import { SendGate } from "../../../src/producer/send-gate.js";
import { TopicMetadata } from "../../../src/producer/topic-metadata.js";
import { manualClock } from "../../support/manual-clock.js";

function source(counts: (number | Error)[]) {
  let calls = 0;
  return {
    calls: () => calls,
    partitionCount: async (): Promise<number> => {
      const next = counts[Math.min(calls, counts.length - 1)] as number | Error;
      calls += 1;
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

describe("TopicMetadata", () => {
  it("reads the count once for callers that ask together, and again only once older than maxAgeMs", async () => {
    const clock = manualClock();
    const counts = source([3, 6]);
    const metadata = new TopicMetadata("t", counts, clock, 1_000);
    expect(metadata.partitionCount).toBe(0);
    await Promise.all([metadata.refresh(), metadata.refresh()]);
    expect([metadata.partitionCount, counts.calls()]).toEqual([3, 1]);
    metadata.refreshIfStale();
    expect(counts.calls()).toBe(1);
    clock.advance(1_000);
    metadata.refreshIfStale();
    metadata.refreshIfStale();
    await new Promise((resolve) => setImmediate(resolve));
    expect([metadata.partitionCount, counts.calls()]).toEqual([6, 2]);
  });

  it("wraps a failure in a ProduceError naming the topic, retriable as its cause, keeping the old count", async () => {
    const clock = manualClock();
    const down = Object.assign(new Error("broker down"), { retriable: true });
    const metadata = new TopicMetadata("orders", source([4, down]), clock, 10);
    await metadata.refresh();
    clock.advance(10);
    const error = await metadata.refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProduceError);
    expect(error).toMatchObject({ topic: "orders", retriable: true, cause: down });
    expect((error as Error).message).toBe(
      'produce to topic "orders" (1 record): read the partition count: broker down',
    );
    expect(metadata.partitionCount).toBe(4);
  });
});

describe("SendGate", () => {
  it("arrived() waits for every send that began, each done once however often it is called", async () => {
    const gate = new SendGate();
    await gate.arrived();
    const first = gate.begin();
    const second = gate.begin();
    let arrived = false;
    const waiting = gate.arrived().then(() => {
      arrived = true;
    });
    first();
    first();
    await new Promise((resolve) => setImmediate(resolve));
    expect(arrived).toBe(false);
    second();
    await waiting;
    expect(arrived).toBe(true);
  });

  it("stays closed once closed", () => {
    const gate = new SendGate();
    expect(gate.closed).toBe(false);
    gate.close();
    expect(gate.closed).toBe(true);
  });
});
