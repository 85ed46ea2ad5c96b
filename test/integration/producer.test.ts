import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProduceError, RecordTooLargeError } from "../../src/errors/index.js";
import {
  createProducer,
  murmur2,
  toPositive,
  type CompressionName,
  type ProducerOptions,
} from "../../src/producer/index.js";
import { SchemaRegistry } from "../../src/registry/index.js";
import { createDeserializer } from "../../src/serde/index.js";
import { KafkaReader } from "../support/kafka-reader.js";
import { requireServices, uniqueName } from "../support/services.js";
import { UserEvent } from "../unit/codegen/golden/user-event/com/example/user-event.avro.js";
import { testUserEvent } from "../support/test-user-events.js";

// The producer against the real broker and registry: the seed experiment (sends nobody awaits, then
// close), keys and order, metadata against what a consumer sees, oversized records, growing topics.

const services = requireServices();
let registry: SchemaRegistry | undefined;
let reader: KafkaReader | undefined;

function clients(): { registry: SchemaRegistry; reader: KafkaReader } {
  registry ??= new SchemaRegistry({ url: services().schemaRegistryUrl });
  reader ??= new KafkaReader(services().kafkaBrokers);
  return { registry, reader };
}

afterAll(async () => {
  await registry?.close();
  await reader?.close();
});

// Every test runs on both transports: schemakit's own produce path (the default) and kafkajs.
let transport: "wire" | "kafkajs" = "wire";

function producerFor(options: Partial<ProducerOptions> = {}) {
  return createProducer({ brokers: services().kafkaBrokers, registry: clients().registry, transport, ...options });
}

const event = testUserEvent;

describe("producer against a real broker (wire transport only)", () => {
  beforeAll(() => {
    transport = "wire";
  });

  it("splits batches the topic's max.message.bytes refuses; every record is where its metadata says", async () => {
    const topic = uniqueName("split");
    // Batches of up to 256 KiB against a topic that takes 20,000 bytes: each is refused, split, split again.
    await clients().reader.createTopic(topic, 1, 1, { "max.message.bytes": "20000" });
    const producer = producerFor({ lingerMs: 20 });
    const events = producer.topic(topic, { value: UserEvent });
    const sends = Array.from({ length: 200 }, (_, i) =>
      events.send(new UserEvent({ ...event(i), payload: Buffer.alloc(1_000, i & 0xff) })),
    );
    const metas = await Promise.all(sends);
    await producer.close();
    const read = await clients().reader.readAll(topic, 200);
    expect(read).toHaveLength(200);
    const deserializer = createDeserializer(UserEvent, { registry: clients().registry });
    for (const record of read) {
      const value = await deserializer.deserialize(topic, record.value);
      expect(record.offset).toBe(metas[value.count]?.offset);
    }
    // Send order kept: offsets rise with the send index.
    expect(metas.map((meta) => Number(meta.offset))).toEqual(metas.map((_, i) => i));
  });
});

describe.each(["wire", "kafkajs"] as const)("producer against a real broker (%s transport)", (name) => {
  beforeAll(() => {
    transport = name;
  });

  it.each([1_000, 100_000])(
    "delivers all of %i records sent in a tight loop without awaiting, then close()",
    async (count) => {
      const topic = uniqueName("seed");
      await clients().reader.createTopic(topic, 6);
      const producer = producerFor({ lingerMs: 5 });
      const events = producer.topic(topic, { value: UserEvent, key: "string", keyMaker: (e) => e.userId });
      const failures: unknown[] = [];
      for (let i = 0; i < count; i += 1) events.send(event(i)).catch((error: unknown) => failures.push(error));
      await producer.close();
      expect(failures).toEqual([]);
      expect(await clients().reader.recordCount(topic)).toBe(count);
      const read = await clients().reader.readAll(topic, count);
      expect(read).toHaveLength(count);
      // Every value decodes; the counts are exactly 0..count-1, each once.
      const deserializer = createDeserializer(UserEvent, { registry: clients().registry });
      const seen = new Set<number>();
      for (const record of read) seen.add((await deserializer.deserialize(topic, record.value)).count);
      expect(seen.size).toBe(count);
    },
    180_000,
  );

  it("puts records of one key on Java's partition, in send order, at the offsets RecordMetadata said", async () => {
    const topic = uniqueName("keys");
    await clients().reader.createTopic(topic, 12);
    const producer = producerFor();
    const events = producer.topic(topic, { value: UserEvent, key: "string", keyMaker: (e) => e.userId });
    const metas = await Promise.all(
      Array.from({ length: 200 }, (_, i) => events.send(event(i, i % 2 === 0 ? "customer-7" : "tenant-3:evt"))),
    );
    await producer.close();
    const read = await clients().reader.readAll(topic, 200);
    const expectedPartition = (key: string): number => toPositive(murmur2(Buffer.from(key))) % 12;
    expect(expectedPartition("customer-7")).toBe(7);
    expect(expectedPartition("tenant-3:evt")).toBe(10);
    const deserializer = createDeserializer(UserEvent, { registry: clients().registry });
    for (const record of read) {
      const value = await deserializer.deserialize(topic, record.value);
      const meta = metas[value.count];
      expect(record.key?.toString()).toBe(value.userId);
      expect(record.partition).toBe(expectedPartition(value.userId));
      expect({ partition: record.partition, offset: record.offset }).toEqual({
        partition: meta?.partition,
        offset: meta?.offset,
      });
      expect(Number(record.timestamp)).toBe(meta?.timestamp);
    }
    // Per partition, offsets follow send order.
    for (const key of ["customer-7", "tenant-3:evt"]) {
      const offsets = metas
        .filter((_, i) => (i % 2 === 0 ? "customer-7" : "tenant-3:evt") === key)
        .map((meta) => Number(meta.offset));
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
  });

  it("rejects a record over maxRequestSizeBytes alone while its neighbours arrive", async () => {
    const topic = uniqueName("oversize");
    await clients().reader.createTopic(topic, 1);
    const producer = producerFor();
    const events = producer.topic(topic, { value: UserEvent });
    const before = events.send(event(1));
    const big = events.send(new UserEvent({ ...event(2), payload: Buffer.alloc(2 << 20, 1) }));
    const after = events.send(event(3));
    const error = await big.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordTooLargeError);
    expect(error).toMatchObject({ topic, subject: `${topic}-value`, maxRequestSizeBytes: 1 << 20 });
    await Promise.all([before, after]);
    await producer.close();
    const read = await clients().reader.readAll(topic, 2);
    expect(read.map((record) => record.value.length)).toHaveLength(2);
  });

  it("sees partitions added to a topic after metadataMaxAgeMs, and sends keyed records to them", async () => {
    const topic = uniqueName("grow");
    await clients().reader.createTopic(topic, 2);
    const producer = producerFor({ metadataMaxAgeMs: 200 });
    const events = producer.topic(topic, { value: UserEvent, key: "string", keyMaker: (e) => e.userId });
    const before = await Promise.all(Array.from({ length: 40 }, (_, i) => events.send(event(i, `k${i}`))));
    expect(Math.max(...before.map((meta) => meta.partition))).toBeLessThan(2);
    await clients().reader.growTopic(topic, 8);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await events.send(event(0));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await Promise.all(Array.from({ length: 40 }, (_, i) => events.send(event(i, `k${i}`))));
    expect(after.map((meta) => meta.partition)).toEqual(
      Array.from({ length: 40 }, (_, i) => toPositive(murmur2(Buffer.from(`k${i}`))) % 8),
    );
    await producer.close();
  });

  it("never reports a record acknowledged that the broker did not store (topic re-created smaller)", async () => {
    const topic = uniqueName("shrunk");
    await clients().reader.createTopic(topic, 4);
    const producer = producerFor({ deliveryTimeoutMs: 3_000, retryBackoffMs: 200, lingerMs: 0 });
    const events = producer.topic(topic, { value: UserEvent, key: "string", keyMaker: (e) => e.userId });
    await Promise.all(Array.from({ length: 20 }, (_, i) => events.send(event(i, `k${i}`))));
    await clients().reader.deleteTopic(topic);
    await clients().reader.createTopic(topic, 1);
    // The producer still believes in 4 partitions: keys on partitions 1..3 have nowhere to go.
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => events.send(event(i, `k${i}`))));
    await producer.close();
    const acknowledged = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
    const rejected = results.flatMap((result) => (result.status === "rejected" ? [result.reason as Error] : []));
    expect(acknowledged.every((meta) => meta.partition === 0 && Number(meta.offset) >= 0)).toBe(true);
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((error) => error instanceof ProduceError && error.retriable)).toBe(true);
    const stored = await clients().reader.readAll(topic, acknowledged.length);
    expect(stored.map((record) => record.offset).sort()).toEqual(acknowledged.map((meta) => meta.offset).sort());
  });

  it.each([
    ["acks 0 (offsets unknown)", { acks: 0 as const }],
    ["acks 1", { acks: 1 as const }],
    ["idempotent, acks all", { idempotent: true }],
  ] as const)("delivers with %s", async (_name, options: Partial<ProducerOptions>) => {
    const topic = uniqueName("acks");
    await clients().reader.createTopic(topic, 2);
    const producer = producerFor(options);
    const events = producer.topic(topic, { value: UserEvent, key: "string", keyMaker: (e) => e.userId });
    const metas = await Promise.all(Array.from({ length: 100 }, (_, i) => events.send(event(i))));
    await producer.close();
    // With acks 0 nothing says when the broker has written them: wait until it has.
    for (let waited = 0; waited < 5_000 && (await clients().reader.recordCount(topic)) < 100; waited += 100)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await clients().reader.recordCount(topic)).toBe(100);
    if (options.acks === 0) expect(new Set(metas.map((meta) => meta.offset))).toEqual(new Set(["-1"]));
    else expect(metas.every((meta) => Number(meta.offset) >= 0)).toBe(true);
  });

  it.each<CompressionName>(["none", "gzip", "snappy", "lz4", "zstd"])(
    "round-trips records compressed with %s",
    async (compression) => {
      const topic = uniqueName(`codec-${compression}`);
      await clients().reader.createTopic(topic, 3);
      const producer = producerFor({ compression });
      const events = producer.topic(topic, { value: UserEvent });
      await Promise.all(Array.from({ length: 300 }, (_, i) => events.send(event(i))));
      await producer.close();
      const read = await clients().reader.readAll(topic, 300);
      const deserializer = createDeserializer(UserEvent, { registry: clients().registry });
      const counts = new Set<number>();
      for (const record of read) counts.add((await deserializer.deserialize(topic, record.value)).count);
      expect(counts.size).toBe(300);
    },
  );
});
