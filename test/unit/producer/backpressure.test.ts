import { describe, expect, it } from "vitest";
import { BufferFullError } from "../../../src/errors/index.js";
import { createProducer } from "../../../src/producer/index.js";
import { FakeTransport } from "../../support/fake-transport.js";
import { InMemoryRegistry } from "../../support/in-memory-registry.js";
import { manualClock } from "../../support/manual-clock.js";
import { User } from "../codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";

const user = (id: number): User => new User({ id: `u${id}`, name: "x".repeat(40), legacyScore: 1 });

function setup(bufferMemoryBytes: number, lingerMs: number, maxRequestSizeBytes = 1_000, partitions = 1) {
  const transport = new FakeTransport();
  transport.partitions.set("users", partitions);
  let built = 0;
  const producer = createProducer({
    registry: new InMemoryRegistry(),
    transport,
    lingerMs,
    batchSizeBytes: 1 << 20,
    maxRequestSizeBytes,
    bufferMemoryBytes,
  });
  // The key maker runs once per record, when the record is built (serialized): it counts builds.
  const users = producer.topic("users", {
    value: User,
    keyMaker: (record) => {
      built += 1;
      return (record as User).id;
    },
  });
  return { transport, producer, users, built: () => built };
}

describe("buffer memory under backpressure", () => {
  it("builds a waiting send only at the head of the queue: waiting bytes stay inside the budget", async () => {
    const { transport, producer, users, built } = setup(1_000, 0);
    transport.autoAck = false;
    await users.prepare();
    const sends = Array.from({ length: 1_000 }, (_, i) => users.send(user(i)));
    await new Promise((resolve) => setImmediate(resolve));
    // 73 bytes or more a record (value, key, 21 of framing): sends are admitted while under 1,000 bytes, so
    // at most 14 are built; the rest wait unbuilt.
    expect(built()).toBeLessThanOrEqual(14);
    // The broker answers each batch as it comes, until every send settled.
    let settled = false;
    const all = Promise.all(sends).finally(() => (settled = true));
    while (!settled) {
      for (const sent of transport.sent.splice(0)) sent.ack();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const metas = await all;
    expect(metas.map((meta) => Number(meta.offset))).toEqual(metas.map((_, i) => i));
    expect(built()).toBe(1_000);
    await producer.close();
  });

  it("flush keeps batches full while sends wait for memory (no batch per admitted record)", async () => {
    // Six partitions share memory for about 30 records: a settled batch frees room for a few records of
    // each partition, which must wait in lingering batches for more instead of leaving one by one.
    const { transport, producer, users } = setup(4_000, 5, 4_000, 6);
    await users.prepare();
    const sends = Array.from({ length: 3_000 }, (_, i) => users.send(user(i)));
    await producer.flush();
    await Promise.all(sends);
    const sizes = transport.sent.map((sent) => sent.batch.records.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(3_000);
    // Measured here: 7.9 records a batch; 4.7 when a flush closed every batch as soon as it opened.
    expect(3_000 / sizes.length).toBeGreaterThan(6);
    await producer.close();
  });

  it("fails a send waiting past maxBlockMs with BufferFullError, and admits the sends behind it", async () => {
    const clock = manualClock();
    const transport = new FakeTransport();
    transport.partitions.set("users", 1);
    transport.autoAck = false;
    const producer = createProducer({
      registry: new InMemoryRegistry(),
      transport,
      clock,
      lingerMs: 0,
      maxBlockMs: 100,
      maxRequestSizeBytes: 1_000,
      bufferMemoryBytes: 1_000,
    });
    const users = producer.topic("users", { value: User });
    await users.prepare();
    // 152 bytes a record (value and 21 of framing): seven are admitted under 1,000 bytes, the eighth waits.
    const big = (id: number): User => new User({ id: `u${id}`, name: "x".repeat(120), legacyScore: 1 });
    const first = Array.from({ length: 7 }, (_, i) => users.send(big(i)));
    const blocked = users.send(big(7));
    clock.advance(100);
    await expect(blocked).rejects.toBeInstanceOf(BufferFullError);
    const later = users.send(big(8));
    // The seven went out as two batches (six fill one below maxRequestSizeBytes), one after the other.
    for (const sent of transport.sent.splice(0)) sent.ack();
    await new Promise((resolve) => setImmediate(resolve));
    for (const sent of transport.sent.splice(0)) sent.ack();
    await Promise.all(first);
    clock.advance(0);
    for (const sent of transport.sent.splice(0)) sent.ack();
    expect((await later).offset).toBe("7");
    await producer.close();
  });

  it("close() while sends wait for memory delivers each of them, in order, and refuses sends after it", async () => {
    const { transport, producer, users } = setup(1_000, 0);
    await users.prepare();
    // About 14 fit in 1,000 bytes: the rest wait, in three send flavours sharing one queue.
    const sends = Array.from({ length: 300 }, (_, i) => users.send(user(i)));
    for (let i = 300; i < 400; i += 1) users.sendNoAck(user(i));
    const last = users.send(user(400));
    const closed = producer.close();
    const refused = users.send(user(401));
    await closed;
    const metas = await Promise.all([...sends, last]);
    expect(metas.map((meta) => Number(meta.offset))).toEqual([...Array.from({ length: 300 }, (_, i) => i), 400]);
    const delivered = transport.sent.flatMap((sent) => sent.batch.records.map((record) => record.key?.toString()));
    expect(delivered).toEqual(Array.from({ length: 401 }, (_, i) => `u${i}`));
    await expect(refused).rejects.toMatchObject({ name: "ProducerClosedError" });
  });
});
