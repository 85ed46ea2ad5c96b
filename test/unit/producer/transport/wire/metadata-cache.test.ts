import { describe, expect, it } from "vitest";
import { BrokerError } from "../../../../../src/errors/index.js";
import type { BrokerConnection } from "../../../../../src/producer/transport/wire/connection.js";
import { MetadataCache, type MetadataSource } from "../../../../../src/producer/transport/wire/metadata-cache.js";
import type { MetadataResponse } from "../../../../../src/producer/transport/wire/protocol/metadata.js";
import { manualClock } from "../../../../support/manual-clock.js";

function source(answer: () => MetadataResponse): { source: MetadataSource; requests: () => number; nodes: number[] } {
  let requests = 0;
  const nodes: number[] = [];
  const send = (async () => {
    requests += 1;
    await new Promise((resolve) => setImmediate(resolve));
    return answer();
  }) as unknown as BrokerConnection["send"];
  return {
    source: {
      anyConnection: async () => ({ address: "b:1", send }),
      setNodes: (brokers) => void nodes.push(...brokers.map((broker) => broker.nodeId)),
    },
    requests: () => requests,
    nodes,
  };
}

const partition = (index: number, leaderId = 1) => ({ errorCode: 0, partition: index, leaderId, leaderEpoch: 0 });

function topicAnswer(errorCode = 0, partitions = [partition(0), partition(1)]): MetadataResponse {
  return {
    brokers: [{ nodeId: 1, host: "h", port: 9092 }],
    controllerId: 1,
    topics: [{ errorCode, name: "t", partitions }],
  };
}

describe("MetadataCache", () => {
  it("keeps a topic's metadata for maxAgeMs, then asks again", async () => {
    const clock = manualClock();
    const fake = source(() => topicAnswer());
    const cache = new MetadataCache(fake.source, clock, 60_000);
    expect((await cache.topic("t")).partitions.get(1)?.leaderId).toBe(1);
    expect(fake.nodes).toEqual([1]);
    clock.advance(59_999);
    await cache.topic("t");
    expect(fake.requests()).toBe(1);
    clock.advance(1);
    await cache.topic("t");
    expect(fake.requests()).toBe(2);
  });

  it("asks again after invalidate (a produce error said the leader moved)", async () => {
    let leader = 1;
    const cache = new MetadataCache(source(() => topicAnswer(0, [partition(0, leader)])).source, manualClock(), 60_000);
    await cache.topic("t");
    leader = 2;
    expect((await cache.topic("t")).partitions.get(0)?.leaderId).toBe(1);
    cache.invalidate("t");
    expect((await cache.topic("t")).partitions.get(0)?.leaderId).toBe(2);
  });

  it("shares one request among concurrent refreshes of a topic", async () => {
    const fake = source(() => topicAnswer());
    const cache = new MetadataCache(fake.source, manualClock(), 60_000);
    await Promise.all([cache.topic("t"), cache.refresh("t"), cache.topic("t")]);
    expect(fake.requests()).toBe(1);
  });

  it("does not keep a topic in error (LEADER_NOT_AVAILABLE) and reports an unknown topic as code 3", async () => {
    const fake = source(() => topicAnswer(5, []));
    const cache = new MetadataCache(fake.source, manualClock(), 60_000);
    expect((await cache.topic("t")).errorCode).toBe(5);
    await cache.topic("t");
    expect(fake.requests()).toBe(2);
    const unknown = new MetadataCache(source(() => ({ ...topicAnswer(), topics: [] })).source, manualClock(), 60_000);
    expect((await unknown.topic("t")).errorCode).toBe(3);
  });

  it("fails on a non-retriable topic error (TOPIC_AUTHORIZATION_FAILED) with a BrokerError", async () => {
    const cache = new MetadataCache(source(() => topicAnswer(29, [])).source, manualClock(), 60_000);
    const error = await cache.topic("t").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BrokerError);
    expect(error).toMatchObject({ kafkaErrorName: "TOPIC_AUTHORIZATION_FAILED", retriable: false });
  });
});
