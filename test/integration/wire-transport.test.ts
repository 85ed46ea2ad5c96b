import kafkajs, { Kafka, logLevel, type Admin, type IHeaders } from "kafkajs";
import { afterAll, describe, expect, it } from "vitest";
import { BrokerError, ProduceError } from "../../src/errors/index.js";
import { type ProducerOptions, resolveProducerOptions } from "../../src/producer/producer-options.js";
import { registerCompressionCodecs } from "../../src/producer/index.js";
import type { TransportAck, TransportRecord } from "../../src/producer/transport/transport.js";
import { WireTransport } from "../../src/producer/transport/wire/wire-transport.js";
import { InMemoryRegistry } from "../support/in-memory-registry.js";
import { requireServices, uniqueName } from "../support/services.js";

// schemakit's own produce path against the real broker; a kafkajs consumer (an independent client)
// reads every record back and must see the offsets, timestamps, keys and headers the acks reported.

const services = requireServices();
// The reading consumer decompresses snappy, lz4 and zstd with the codecs kafkajs is given.
registerCompressionCodecs(kafkajs);
let admin: Admin | undefined;
const transports: WireTransport[] = [];

async function kafkaAdmin(): Promise<Admin> {
  if (admin === undefined) {
    admin = new Kafka({ brokers: [...services().kafkaBrokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  }
  return admin;
}

afterAll(async () => {
  await Promise.all(transports.map((transport) => transport.disconnect()));
  await admin?.disconnect();
});

async function createTopic(partitions: number, configEntries: { name: string; value: string }[] = []): Promise<string> {
  const topic = uniqueName("wire");
  await (await kafkaAdmin()).createTopics({
    topics: [{ topic, numPartitions: partitions, replicationFactor: 1, configEntries }],
    waitForLeaders: true,
  });
  return topic;
}

function transport(options: Partial<ProducerOptions> = {}): WireTransport {
  const created = new WireTransport(
    resolveProducerOptions({ brokers: services().kafkaBrokers, registry: new InMemoryRegistry(), ...options }),
  );
  transports.push(created);
  return created;
}

interface Consumed {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string;
  readonly timestamp: string;
  readonly headers: Record<string, string>;
}

async function readBack(topic: string, expected: number): Promise<Consumed[]> {
  const kafka = new Kafka({ brokers: [...services().kafkaBrokers], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: uniqueName("wire-reader"), maxBytes: 10 << 20 });
  await consumer.connect();
  const records: Consumed[] = [];
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${records.length} of ${expected}`)), 30_000);
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) {
              records.push({
                partition: batch.partition,
                offset: message.offset,
                key: message.key === null ? null : message.key.toString(),
                value: message.value?.toString() ?? "",
                timestamp: message.timestamp,
                headers: headerStrings(message.headers),
              });
            }
            if (records.length >= expected) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
}

const BASE_TIME = 1_700_000_000_000;

function records(batch: number, count: number): TransportRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    key: i % 3 === 2 ? null : Buffer.from(`key-${batch}-${i}`),
    value: Buffer.from(`value-${batch}-${i}-${"x".repeat(i * 7)}`),
    headers: i % 2 === 0 ? { trace: `t-${batch}-${i}`, bin: Buffer.from("é") } : undefined,
    timestamp: BASE_TIME + batch * 1000 + i,
  }));
}

interface Sent {
  readonly partition: number;
  readonly records: TransportRecord[];
  readonly ack: TransportAck;
}

/** Sends `batches` batches round-robin over the partitions, all at once (pipelined). */
async function sendBatches(wire: WireTransport, topic: string, partitions: number, batches: number): Promise<Sent[]> {
  return Promise.all(
    Array.from({ length: batches }, async (_, batch) => {
      const partition = batch % partitions;
      const sent = records(batch, 1 + (batch % 7));
      return { partition, records: sent, ack: await wire.send({ topic, partition, records: sent }) };
    }),
  );
}

/** Every record the acks reported is read back at offset baseOffset + index, with its key, timestamp, headers. */
function expectReadBack(sent: readonly Sent[], consumed: readonly Consumed[]): void {
  const byPosition = new Map(consumed.map((record) => [`${record.partition}@${record.offset}`, record]));
  let total = 0;
  for (const { partition, records: batch, ack } of sent) {
    batch.forEach((record, index) => {
      total += 1;
      const offset = (BigInt(ack.baseOffset) + BigInt(index)).toString();
      expect(byPosition.get(`${partition}@${offset}`)).toEqual({
        partition,
        offset,
        key: record.key === null ? null : record.key.toString(),
        value: record.value.toString(),
        timestamp: String(record.timestamp),
        headers: record.headers === undefined ? {} : headerStrings(record.headers as IHeaders),
      });
    });
  }
  expect(consumed).toHaveLength(total);
}

describe("WireTransport against the broker", () => {
  it.each([["all"], [1]] as const)("acks=%s: every record read back where its ack said", async (acks) => {
    const topic = await createTopic(3);
    const wire = transport({ acks, idempotent: false });
    expect(await wire.partitionCount(topic)).toBe(3);
    const sent = await sendBatches(wire, topic, 3, 30);
    expectReadBack(
      sent,
      await readBack(
        topic,
        sent.reduce((sum, s) => sum + s.records.length, 0),
      ),
    );
    // Per partition, offsets follow the order of the sends.
    for (const partition of [0, 1, 2]) {
      const offsets = sent.filter((s) => s.partition === partition).map((s) => Number(s.ack.baseOffset));
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
      expect(offsets[0]).toBe(0);
    }
  });

  it("acks=0: resolves with offset -1 and the broker still gets every record", async () => {
    const topic = await createTopic(2);
    const wire = transport({ acks: 0, idempotent: false });
    const sent = await sendBatches(wire, topic, 2, 10);
    expect(new Set(sent.map((s) => s.ack.baseOffset))).toEqual(new Set(["-1"]));
    const consumed = await readBack(
      topic,
      sent.reduce((sum, s) => sum + s.records.length, 0),
    );
    const values = (partition: number): string[] =>
      consumed.filter((record) => record.partition === partition).map((record) => record.value);
    for (const partition of [0, 1]) {
      const expected = sent.filter((s) => s.partition === partition).flatMap((s) => s.records.map((r) => `${r.value}`));
      expect(values(partition)).toEqual(expected);
    }
  });

  it.each([["gzip"], ["snappy"], ["lz4"], ["zstd"]] as const)(
    "%s batches (idempotent) read back exactly",
    async (compression) => {
      const topic = await createTopic(2);
      const wire = transport({ compression, idempotent: true });
      const sent = await sendBatches(wire, topic, 2, 12);
      expectReadBack(
        sent,
        await readBack(
          topic,
          sent.reduce((sum, s) => sum + s.records.length, 0),
        ),
      );
    },
  );

  it("idempotent: 60 batches pipelined over 3 partitions land once each, in order, offsets contiguous", async () => {
    const topic = await createTopic(3);
    const wire = transport({ idempotent: true, acks: "all" });
    const sent = await sendBatches(wire, topic, 3, 60);
    for (const partition of [0, 1, 2]) {
      let next = 0n;
      for (const s of sent.filter((candidate) => candidate.partition === partition)) {
        expect(s.ack.baseOffset).toBe(next.toString());
        next += BigInt(s.records.length);
      }
    }
    expectReadBack(
      sent,
      await readBack(
        topic,
        sent.reduce((sum, s) => sum + s.records.length, 0),
      ),
    );
  });

  it("reports the broker's LogAppendTime for a topic that uses it", async () => {
    const topic = await createTopic(1, [{ name: "message.timestamp.type", value: "LogAppendTime" }]);
    const wire = transport();
    const before = Date.now();
    const ack = await wire.send({ topic, partition: 0, records: records(0, 2) });
    expect(ack.logAppendTime).toBeGreaterThanOrEqual(before - 5_000);
    const consumed = await readBack(topic, 2);
    expect(consumed.map((record) => record.timestamp)).toEqual([String(ack.logAppendTime), String(ack.logAppendTime)]);
  });

  it("fails a batch for a partition the topic does not have with a retriable ProduceError", async () => {
    const topic = await createTopic(2);
    const wire = transport();
    const error = await wire.send({ topic, partition: 5, records: records(0, 3) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProduceError);
    expect(error).toMatchObject({ topic, partition: 5, recordCount: 3, retriable: true });
  });

  it("says a topic that does not exist does not exist", async () => {
    const topic = uniqueName("wire-missing");
    await expect(transport().partitionCount(topic)).rejects.toThrow(/does not exist/);
  });

  it("a broker that is down is a retriable BrokerError, and a send to it a retriable ProduceError", async () => {
    const wire = transport({ brokers: ["127.0.0.1:1"] });
    const error = await wire.connect().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as BrokerError).retriable).toBe(true);
    const sendError = await wire.send({ topic: "t", partition: 1, records: records(0, 2) }).catch((e: unknown) => e);
    expect(sendError).toBeInstanceOf(ProduceError);
    expect(sendError).toMatchObject({ topic: "t", partition: 1, recordCount: 2, retriable: true });
    expect((sendError as ProduceError).cause).toBeInstanceOf(BrokerError);
  });
});
