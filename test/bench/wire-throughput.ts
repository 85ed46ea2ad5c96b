// A quick throughput probe of the wire transport alone (not a test): 200,000 records of ~1 KB in
// batches straight through WireTransport.send, acks=all, 6 partitions, against KAFKA_BROKERS.
// Prints records/s and client CPU µs per record (process.cpuUsage: user + system, whole process).
//   KAFKA_BROKERS=127.0.0.1:9092 npx tsx test/bench/wire-throughput.ts [records] [recordsPerBatch] [idempotent]
import { Kafka, logLevel } from "kafkajs";
import { resolveProducerOptions } from "../../src/producer/producer-options.js";
import type { TransportRecord } from "../../src/producer/transport/transport.js";
import { WireTransport } from "../../src/producer/transport/wire/wire-transport.js";
import { InMemoryRegistry } from "../support/in-memory-registry.js";

const brokers = (process.env["KAFKA_BROKERS"] ?? "127.0.0.1:9092").split(",");
const total = Number(process.argv[2] ?? 200_000);
const perBatch = Number(process.argv[3] ?? 250);
const idempotent = (process.argv[4] ?? "true") === "true";
const PARTITIONS = 6;
const KEYS = 500;
const VALUE_BYTES = 990;
// Batches awaiting acks at once: 5 in flight per partition's pipeline.
const WINDOW = PARTITIONS * 5;

const topic = `wire-bench-${Date.now().toString(36)}`;
const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
await admin.connect();
await admin.createTopics({
  topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
  waitForLeaders: true,
});

// Values come from a serializer in real use; here a few distinct buffers stand in for them.
const values = Array.from({ length: 16 }, (_, i) => Buffer.alloc(VALUE_BYTES, 97 + i));
const keys = Array.from({ length: KEYS }, (_, i) => Buffer.from(`key-${i}`));

const wire = new WireTransport(
  resolveProducerOptions({ brokers, registry: new InMemoryRegistry(), acks: "all", idempotent }),
);
await wire.connect();
await wire.partitionCount(topic);

const batches = Math.ceil(total / perBatch);
let nextBatch = 0;
let acknowledged = 0;
const cpuBefore = process.cpuUsage();
const started = process.hrtime.bigint();

async function worker(): Promise<void> {
  while (nextBatch < batches) {
    const batch = nextBatch++;
    const count = Math.min(perBatch, total - batch * perBatch);
    const records: TransportRecord[] = new Array(count);
    const now = Date.now();
    for (let i = 0; i < count; i += 1) {
      const n = batch * perBatch + i;
      records[i] = { key: keys[n % KEYS] ?? null, value: values[n % 16] as Buffer, headers: undefined, timestamp: now };
    }
    await wire.send({ topic, partition: batch % PARTITIONS, records });
    acknowledged += count;
  }
}

await Promise.all(Array.from({ length: WINDOW }, () => worker()));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const offsets = await admin.fetchTopicOffsets(topic);
const stored = offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
await wire.disconnect();
await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
await admin.disconnect();
console.log(
  JSON.stringify({
    records: acknowledged,
    stored,
    recordsPerBatch: perBatch,
    idempotent,
    seconds: Number(seconds.toFixed(3)),
    recordsPerSecond: Math.round(acknowledged / seconds),
    cpuMicrosPerRecord: Number(((cpu.user + cpu.system) / acknowledged).toFixed(2)),
  }),
);
