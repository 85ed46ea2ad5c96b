import { Kafka, logLevel, type Admin } from "kafkajs";
import { afterAll, describe, expect, it } from "vitest";
import { requireServices, uniqueName } from "../support/services.js";

// Proves the broker is a real Kafka: topic admin, produce, consume, and consumer-group offsets.

const PARTITIONS = 12;
const RECORDS_PER_PARTITION = 3;

const services = requireServices();
const topic = uniqueName("smoke");
const groupId = uniqueName("smoke-group");

let connected: { kafka: Kafka; admin: Admin } | undefined;

async function cluster(): Promise<{ kafka: Kafka; admin: Admin }> {
  if (connected === undefined) {
    const kafka = new Kafka({
      clientId: "schemakit-smoke",
      brokers: [...services().kafkaBrokers],
      logLevel: logLevel.ERROR,
    });
    const admin = kafka.admin();
    await admin.connect();
    connected = { kafka, admin };
  }
  return connected;
}

afterAll(async () => {
  await connected?.admin.disconnect();
});

describe("Kafka broker", () => {
  it("creates a topic with 12 partitions", async () => {
    const { admin } = await cluster();
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    expect(created).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions.map((p) => p.partitionId).sort((a, b) => a - b)).toEqual([
      ...Array(PARTITIONS).keys(),
    ]);
  });

  it("stores produced records where they were sent and hands them to a consumer group that commits", async () => {
    const { kafka, admin } = await cluster();
    const producer = kafka.producer();
    await producer.connect();
    const sent = [...Array(PARTITIONS * RECORDS_PER_PARTITION).keys()].map((i) => ({
      partition: i % PARTITIONS,
      key: `k${i}`,
      value: `v${i}`,
    }));
    const acks = await producer.send({ topic, acks: -1, messages: sent });
    await producer.disconnect();
    expect(acks.map((ack) => ack.partition).sort((a, b) => a - b)).toEqual([...Array(PARTITIONS).keys()]);

    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: { partition: number; key: string; value: string; offset: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            received.push({
              partition,
              key: message.key?.toString() ?? "",
              value: message.value?.toString() ?? "",
              offset: message.offset,
            });
            if (received.length === sent.length) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.commitOffsets(
      [...Array(PARTITIONS).keys()].map((partition) => ({
        topic,
        partition,
        offset: String(RECORDS_PER_PARTITION),
      })),
    );
    await consumer.disconnect();

    expect(received.map(({ partition, key, value }) => ({ partition, key, value })).sort(byKey)).toEqual(
      [...sent].sort(byKey),
    );
    // Within a partition, offsets follow send order.
    for (let p = 0; p < PARTITIONS; p += 1) {
      expect(received.filter((r) => r.partition === p).map((r) => r.offset)).toEqual(["0", "1", "2"]);
    }

    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(
      committed?.partitions
        .map(({ partition, offset }) => ({ partition, offset }))
        .sort((a, b) => a.partition - b.partition),
    ).toEqual([...Array(PARTITIONS).keys()].map((partition) => ({ partition, offset: String(RECORDS_PER_PARTITION) })));
    const groups = await admin.describeGroups([groupId]);
    expect(groups.groups[0]?.groupId).toBe(groupId);
  });
});

function byKey(a: { key: string }, b: { key: string }): number {
  return a.key.localeCompare(b.key);
}
