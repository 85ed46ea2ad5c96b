import type { SchemaRegistry as KafkajsRegistry } from "@kafkajs/confluent-schema-registry";
import { Kafka, logLevel, type Producer as KafkajsProducer } from "kafkajs";
import { createProducer, SchemaRegistry, type ProducerOptions } from "../../src/index.js";
import { KafkaReader } from "../support/kafka-reader.js";
import { uniqueName } from "../support/services.js";
import { startWithScripts } from "../support/scripts-services.js";
import { UserEvent } from "../unit/codegen/golden/user-event/com/example/user-event.avro.js";
import { kafkajsRegister, kafkajsRegistry } from "../interop/kafkajs-csr.js";
import { USER_EVENT_SCHEMA_TEXT } from "./fixtures.js";

// `npm run bench:produce` (also the second half of `npm run bench`): end-to-end produce throughput of
// ~1 KB UserEvents (acks=all, keyed, 6 partitions, real broker and registry) and send-to-ack latency at a
// fixed 10,000 records/s (after a 1 s warm-up at that rate), for schemakit and the JS peers in one run.
// Throughput: medians of 3 runs per case; every
// run writes to a fresh topic and its record count is checked at the broker afterwards.
//
//   npm run bench:produce            50,000 records per run
//   npm run bench:produce -- --quick 10,000 records per run, 2 s latency windows
//   npm run bench:produce -- --cases=schemakit   only the cases whose name matches

const quick = process.argv.includes("--quick");
const casePattern = process.argv.find((arg) => arg.startsWith("--cases="))?.slice("--cases=".length);
const RECORDS = quick ? 10_000 : 50_000;
const RUNS = 3;
const PARTITIONS = 6;
const RATE_PER_SECOND = 10_000;
const LATENCY_SECONDS = quick ? 2 : 5;
const PAYLOAD_BYTES = 900;

interface Endpoints {
  readonly brokers: string[];
  readonly registryUrl: string;
}

/** A plain UserEvent for the peers (timestamp as epoch millis, as no peer maps it). */
function plainEvent(i: number): Record<string, unknown> {
  return {
    userId: `user-${i % 1_000}`,
    ts: 1_767_225_600_000 + i,
    eventType: "CLICK",
    sessionId: `session-${i % 97}`,
    amount: i / 4,
    flag: i % 2 === 0,
    tags: ["bench", "kafka"],
    counters: { views: i % 13, clicks: i % 7 },
    geo: { lat: 48.1, lon: 11.6 },
    lastGeo: null,
    count: i,
    payload: Buffer.alloc(PAYLOAD_BYTES, i & 0xff),
  };
}

function typedEvent(i: number): UserEvent {
  const plain = plainEvent(i);
  return new UserEvent({
    ...(plain as unknown as ConstructorParameters<typeof UserEvent>[0]),
    ts: new Date(plain["ts"] as number),
  });
}

/** One producer under test: send `count` records (whatever way the library is meant to be used) and settle. */
interface ProduceCase {
  readonly name: string;
  readonly label: string;
  readonly setup: (topic: string) => Promise<{
    produce: (from: number, count: number) => Promise<void>;
    send: (i: number) => Promise<unknown>;
    close: () => Promise<void>;
  }>;
}

function schemakitCase(
  name: string,
  label: string,
  endpoints: Endpoints,
  options: Partial<ProducerOptions>,
): ProduceCase {
  return {
    name,
    label,
    setup: async (topic) => {
      const registry = new SchemaRegistry({ url: endpoints.registryUrl });
      const producer = createProducer({ brokers: endpoints.brokers, registry, ...options });
      const events = producer.topic(topic, { value: UserEvent, keyMaker: (event) => event.userId });
      const records = Array.from({ length: RECORDS }, (_, i) => typedEvent(i));
      await events.send(typedEvent(0));
      return {
        // The producer's intended use: send without awaiting each record, then flush.
        produce: async (from, count) => {
          for (let i = from; i < from + count; i += 1) void events.send(records[i % RECORDS] as UserEvent);
          await producer.flush();
        },
        send: (i) => events.send(records[i % RECORDS] as UserEvent),
        close: async () => {
          await producer.close();
          await registry.close();
        },
      };
    },
  };
}

async function kafkajsProducer(endpoints: Endpoints): Promise<KafkajsProducer> {
  const kafka = new Kafka({ clientId: "bench-kafkajs", brokers: endpoints.brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: (await import("kafkajs")).Partitioners.DefaultPartitioner });
  await producer.connect();
  return producer;
}

function kafkajsPerRecordCase(endpoints: Endpoints): ProduceCase {
  return {
    name: "kafkajs+csr send per record",
    label:
      "kafkajs producer.send({ messages: [one] }) per record, encoded with @kafkajs/confluent-schema-registry, 1,000 in flight",
    setup: async (topic) => {
      const registry: KafkajsRegistry = kafkajsRegistry(endpoints.registryUrl);
      const id = await kafkajsRegister(registry, topic, USER_EVENT_SCHEMA_TEXT);
      const producer = await kafkajsProducer(endpoints);
      const records = Array.from({ length: RECORDS }, (_, i) => plainEvent(i));
      const send = async (i: number): Promise<unknown> => {
        const record = records[i % RECORDS] as Record<string, unknown>;
        return producer.send({
          topic,
          acks: -1,
          messages: [{ key: record["userId"] as string, value: await registry.encode(id, record) }],
        });
      };
      return {
        produce: async (from, count) => {
          // At most 1,000 sends in flight: each is its own produce request (kafkajs has no batching).
          const inFlight = new Set<Promise<unknown>>();
          for (let i = from; i < from + count; i += 1) {
            const sent = send(i).finally(() => inFlight.delete(sent));
            inFlight.add(sent);
            if (inFlight.size >= 1_000) await Promise.race(inFlight);
          }
          await Promise.all(inFlight);
        },
        send,
        close: () => producer.disconnect(),
      };
    },
  };
}

function kafkajsBatchedCase(endpoints: Endpoints): ProduceCase {
  return {
    name: "kafkajs+csr hand-batched",
    label:
      "kafkajs producer.send({ messages: 1,000 }) per 1,000 records encoded with @kafkajs/confluent-schema-registry, awaited in turn",
    setup: async (topic) => {
      const registry: KafkajsRegistry = kafkajsRegistry(endpoints.registryUrl);
      const id = await kafkajsRegister(registry, topic, USER_EVENT_SCHEMA_TEXT);
      const producer = await kafkajsProducer(endpoints);
      const records = Array.from({ length: RECORDS }, (_, i) => plainEvent(i));
      const message = async (i: number) => {
        const record = records[i % RECORDS] as Record<string, unknown>;
        return { key: record["userId"] as string, value: await registry.encode(id, record) };
      };
      return {
        produce: async (from, count) => {
          for (let start = from; start < from + count; start += 1_000) {
            const messages = await Promise.all(
              Array.from({ length: Math.min(1_000, from + count - start) }, (_, k) => message(start + k)),
            );
            await producer.send({ topic, acks: -1, messages });
          }
        },
        send: async (i) => producer.send({ topic, acks: -1, messages: [await message(i)] }),
        close: () => producer.disconnect(),
      };
    },
  };
}

interface Throughput {
  readonly recordsPerSecond: number;
  readonly megabytesPerSecond: number;
}

async function throughput(benchCase: ProduceCase, reader: KafkaReader): Promise<Throughput> {
  const topic = uniqueName("bench-produce");
  await reader.createTopic(topic, PARTITIONS);
  const subject = await benchCase.setup(topic);
  try {
    const started = performance.now();
    await subject.produce(0, RECORDS);
    const seconds = (performance.now() - started) / 1000;
    const written = await reader.recordCount(topic);
    // The warm-up record of setup, plus every record of the run.
    if (written < RECORDS) throw new Error(`${benchCase.name}: ${written} records at the broker, expected ${RECORDS}`);
    const bytes = RECORDS * (PAYLOAD_BYTES + 120);
    return { recordsPerSecond: RECORDS / seconds, megabytesPerSecond: bytes / seconds / 1e6 };
  } finally {
    await subject.close();
  }
}

async function latency(
  benchCase: ProduceCase,
  reader: KafkaReader,
): Promise<{ p50: number; p99: number; sent: number }> {
  const topic = uniqueName("bench-latency");
  await reader.createTopic(topic, PARTITIONS);
  const subject = await benchCase.setup(topic);
  const latencies: number[] = [];
  const pending: Promise<unknown>[] = [];
  try {
    const started = performance.now();
    // The first second at rate is warm-up (JIT, connections, first batches): sent, not counted.
    const warmup = RATE_PER_SECOND;
    const total = warmup + RATE_PER_SECOND * LATENCY_SECONDS;
    let sent = 0;
    // Every millisecond, the sends due by now: a fixed rate, whatever the acknowledgements do.
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE_PER_SECOND));
      for (; sent < due; sent += 1) {
        const at = performance.now();
        const counted = sent >= warmup;
        pending.push(subject.send(sent).then(() => counted && latencies.push(performance.now() - at)));
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(pending);
    latencies.sort((a, b) => a - b);
    const at = (q: number): number =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
    return { p50: at(0.5), p99: at(0.99), sent: latencies.length };
  } finally {
    await subject.close();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const endpoints: Endpoints =
    process.env["KAFKA_BROKERS"] !== undefined && process.env["SCHEMA_REGISTRY_URL"] !== undefined
      ? { brokers: process.env["KAFKA_BROKERS"].split(","), registryUrl: process.env["SCHEMA_REGISTRY_URL"] }
      : await startWithScripts().then(({ endpoints: found }) => ({
          brokers: [...found.kafkaBrokers],
          registryUrl: found.schemaRegistryUrl,
        }));
  const reader = new KafkaReader(endpoints.brokers);
  const allCases: ProduceCase[] = [
    schemakitCase("schemakit defaults", "schemakit, defaults (lingerMs 5, batchSizeBytes 256 KiB)", endpoints, {}),
    schemakitCase(
      "schemakit Java batch size",
      "schemakit, lingerMs 5, batchSizeBytes 16 KiB (Java's default)",
      endpoints,
      { batchSizeBytes: 16 * 1024 },
    ),
    kafkajsPerRecordCase(endpoints),
    kafkajsBatchedCase(endpoints),
  ];
  const cases =
    casePattern === undefined ? allCases : allCases.filter((benchCase) => new RegExp(casePattern).test(benchCase.name));
  const rows: string[] = [];
  const results = new Map<string, { throughput: Throughput; latency: { p50: number; p99: number } }>();
  for (const benchCase of cases) {
    const runs: Throughput[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      runs.push(await throughput(benchCase, reader));
      process.stderr.write(
        `bench:produce ${benchCase.name} run ${run + 1}: ${runs.at(-1)?.recordsPerSecond.toFixed(0)} records/s\n`,
      );
    }
    const lat = await latency(benchCase, reader);
    process.stderr.write(
      `bench:produce ${benchCase.name} latency: p50 ${lat.p50.toFixed(1)} ms, p99 ${lat.p99.toFixed(1)} ms\n`,
    );
    results.set(benchCase.name, {
      throughput: {
        recordsPerSecond: median(runs.map((r) => r.recordsPerSecond)),
        megabytesPerSecond: median(runs.map((r) => r.megabytesPerSecond)),
      },
      latency: lat,
    });
  }
  await reader.close();
  const perRecord = results.get("kafkajs+csr send per record")?.throughput.recordsPerSecond ?? Number.NaN;
  const bestPeer = Math.max(perRecord, results.get("kafkajs+csr hand-batched")?.throughput.recordsPerSecond ?? 0);
  rows.push(
    `UserEvent with a ${PAYLOAD_BYTES}-byte payload (~1 KB), ${RECORDS} records per run, acks=all, keyed, ${PARTITIONS} partitions; median of ${RUNS} runs; latency at ${RATE_PER_SECOND} records/s for ${LATENCY_SECONDS} s.`,
  );
  rows.push(
    "@confluentinc/kafka-javascript: not measured here (its install downloads librdkafka binaries or sources from GitHub, which this machine cannot reach).",
  );
  rows.push("");
  rows.push("| case | records/s | MB/s | × kafkajs per record | × best peer | p50 ms | p99 ms |");
  rows.push("|---|--:|--:|--:|--:|--:|--:|");
  for (const benchCase of cases) {
    const result = results.get(benchCase.name);
    if (result === undefined) continue;
    const { recordsPerSecond, megabytesPerSecond } = result.throughput;
    rows.push(
      `| ${benchCase.label} | ${recordsPerSecond.toFixed(0)} | ${megabytesPerSecond.toFixed(1)} | ${(recordsPerSecond / perRecord).toFixed(2)}× | ${(recordsPerSecond / bestPeer).toFixed(2)}× | ${result.latency.p50.toFixed(1)} | ${result.latency.p99.toFixed(1)} |`,
    );
  }
  process.stdout.write(`${rows.join("\n")}\n`);
}

await main();
