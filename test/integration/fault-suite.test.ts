import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryUnavailableError, SdkError } from "../../src/errors/index.js";
import { createProducer, type ProducerOptions, type RecordMetadata } from "../../src/producer/index.js";
import { SchemaRegistry } from "../../src/registry/index.js";
import { createDeserializer } from "../../src/serde/index.js";
import { KafkaReader } from "../support/kafka-reader.js";
import { freePorts, startOwnServices, type OwnServices } from "../support/own-services.js";
import { requireServices, uniqueName } from "../support/services.js";
import { startTcpFaultProxy, type TcpFaultProxy } from "../support/tcp-fault-proxy.js";
import { User } from "../unit/codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";
import { UserEvent } from "../unit/codegen/golden/user-event/com/example/user-event.avro.js";

// Faults made by real processes: a broker killed with SIGKILL and restarted with its data, a broker frozen
// with SIGSTOP for longer than the request timeout, a three-broker cluster losing the leader, a network that
// delays, drops and resets (a TCP proxy), a registry that refuses connections. Each stream
// counts what it sent, what was acknowledged and rejected, and what the broker holds afterwards: no
// acknowledged record may be missing, and with idempotence none may be stored twice. The brokers are this
// file's own (free ports, a temporary state directory); the registry is the shared one.

const services = requireServices();
const RECORDS = 6_000;
const ROUNDS = 30;

interface StreamCounts {
  readonly sent: number;
  readonly acknowledged: number;
  readonly rejected: number;
  readonly missing: number;
  readonly duplicates: number;
  readonly stored: number;
}

function event(count: number): UserEvent {
  return new UserEvent({
    userId: `user-${count % 97}`,
    ts: new Date(1_767_225_600_000 + count),
    eventType: "CLICK",
    amount: 1,
    flag: true,
    tags: [],
    counters: {},
    geo: { lat: 1, lon: 2 },
    count,
    payload: Buffer.alloc(200, count & 0xff),
  });
}

/**
 * Sends RECORDS records in ROUNDS paced rounds without awaiting them, runs `fault` after the first third,
 * closes the producer, then reads the topic back and counts.
 */
async function stream(
  brokers: readonly string[],
  topic: string,
  options: Partial<ProducerOptions>,
  fault: () => Promise<void>,
): Promise<StreamCounts> {
  const registry = new SchemaRegistry({ url: services().schemaRegistryUrl });
  const reader = new KafkaReader(brokers);
  try {
    const producer = createProducer({
      brokers,
      registry,
      lingerMs: 5,
      requestTimeoutMs: 5_000,
      deliveryTimeoutMs: 90_000,
      ...options,
    });
    const events = producer.topic(topic, { value: UserEvent, key: "string", keyMaker: (e) => e.userId });
    await events.prepare();
    const acknowledged = new Map<number, RecordMetadata>();
    const rejected: unknown[] = [];
    let faulted: Promise<void> | undefined;
    const perRound = RECORDS / ROUNDS;
    for (let round = 0; round < ROUNDS; round += 1) {
      for (let i = round * perRound; i < (round + 1) * perRound; i += 1) {
        events.send(event(i)).then(
          (meta) => acknowledged.set(i, meta),
          (error: unknown) => rejected.push(error),
        );
      }
      if (round === ROUNDS / 3) faulted = fault();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await faulted;
    await producer.close();
    expect(rejected.every((error) => SdkError.is(error))).toBe(true);
    const total = await reader.recordCount(topic);
    const stored = await reader.readAll(topic, total, 120_000);
    const deserializer = createDeserializer(UserEvent, { registry });
    const copies = new Map<number, number>();
    const at = new Map<string, number>();
    for (const record of stored) {
      const { count } = await deserializer.deserialize(topic, record.value);
      copies.set(count, (copies.get(count) ?? 0) + 1);
      at.set(`${record.partition}/${record.offset}`, count);
    }
    const missing = [...acknowledged].filter(([count, meta]) => at.get(`${meta.partition}/${meta.offset}`) !== count);
    const counts: StreamCounts = {
      sent: RECORDS,
      acknowledged: acknowledged.size,
      rejected: rejected.length,
      missing: missing.length,
      duplicates: [...copies.values()].reduce((sum, n) => sum + n - 1, 0),
      stored: stored.length,
    };
    console.log(`fault suite ${topic}: ${JSON.stringify(counts)}`);
    expect(counts.acknowledged + counts.rejected).toBe(RECORDS);
    return counts;
  } finally {
    await reader.close();
    await registry.close();
  }
}

describe("faults on one broker (killed, frozen), real processes", () => {
  let own: OwnServices | undefined;
  const brokers = (): string[] => (own?.env["KAFKA_BROKERS"] ?? "").split(",");

  beforeAll(async () => {
    own = await startOwnServices(["--no-registry"]);
  }, 240_000);
  afterAll(async () => {
    await own?.stop();
  }, 120_000);

  it.each([
    ["wire transport, idempotent", "wire", true],
    ["wire transport, not idempotent", "wire", false],
    ["kafkajs transport, idempotent", "kafkajs", true],
  ] as const)(
    "a broker killed with SIGKILL and restarted with its data mid-stream loses no acknowledged record (%s)",
    async (_name, transport, idempotent) => {
      const topic = uniqueName(`killed-${transport}-${idempotent ? "idem" : "plain"}`);
      const reader = new KafkaReader(brokers());
      await reader.createTopic(topic, 3);
      await reader.close();
      const counts = await stream(brokers(), topic, { idempotent, transport }, async () => {
        await own?.script("restart-kafka.sh", "single", "--down-ms", "2000");
      });
      expect(counts.missing).toBe(0);
      if (idempotent) expect(counts.duplicates).toBe(0);
    },
    300_000,
  );

  it("a broker frozen with SIGSTOP past the request timeout stores no record twice with idempotence", async () => {
    const topic = uniqueName("frozen");
    const reader = new KafkaReader(brokers());
    await reader.createTopic(topic, 3);
    await reader.close();
    const counts = await stream(brokers(), topic, { idempotent: true }, async () => {
      await own?.script("restart-kafka.sh", "single", "--signal", "STOP");
      await new Promise((resolve) => setTimeout(resolve, 8_000));
      await own?.script("restart-kafka.sh", "single", "--signal", "CONT");
    });
    expect(counts.missing).toBe(0);
    expect(counts.duplicates).toBe(0);
  }, 300_000);
});

describe("a three-broker cluster (RF 3, min.insync.replicas 2) losing a partition leader", () => {
  let own: OwnServices | undefined;
  const brokers = (): string[] => (own?.env["KAFKA_BROKERS"] ?? "").split(",");

  beforeAll(async () => {
    own = await startOwnServices(["--brokers", "3", "--no-registry"]);
  }, 300_000);
  afterAll(async () => {
    await own?.stop();
  }, 120_000);

  it("follows the new leader without a restart and loses no acknowledged record", async () => {
    const topic = uniqueName("failover");
    const reader = new KafkaReader(brokers());
    await reader.createTopic(topic, 3, 3);
    const [leader] = await reader.leaders(topic);
    await reader.close();
    const counts = await stream(brokers(), topic, { idempotent: true }, async () => {
      await own?.script("restart-kafka.sh", "cluster", String(leader), "--down-ms", "10000");
    });
    expect(counts.missing).toBe(0);
    expect(counts.duplicates).toBe(0);
    expect(counts.acknowledged).toBeGreaterThan(0);
  }, 400_000);
});

describe("a TCP proxy between the producer and its broker that delays, drops and resets", () => {
  let own: OwnServices | undefined;
  let proxy: TcpFaultProxy | undefined;

  beforeAll(async () => {
    // The broker advertises the proxy's port, so every connection of the producer goes through it.
    const [proxyPort] = await freePorts(1);
    own = await startOwnServices(["--no-registry"], { KAFKA_ADVERTISED_PORT: String(proxyPort) });
    proxy = await startTcpFaultProxy({
      target: { host: "127.0.0.1", port: Number(own.settings["KAFKA_PORT"]) },
      ...(proxyPort === undefined ? {} : { port: proxyPort }),
    });
  }, 240_000);
  afterAll(async () => {
    await proxy?.close();
    await own?.stop();
  }, 120_000);

  it("loses no acknowledged record and stores none twice with idempotence", async () => {
    const brokers = [proxy?.address ?? ""];
    const topic = uniqueName("proxied");
    const reader = new KafkaReader(brokers);
    await reader.createTopic(topic, 3);
    await reader.close();
    const counts = await stream(brokers, topic, { idempotent: true }, async () => {
      proxy?.setDelay(300);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      proxy?.resetAll();
      proxy?.setDropping(true);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      proxy?.setDropping(false);
      proxy?.setDelay(0);
      proxy?.resetAll();
    });
    expect(counts.missing).toBe(0);
    expect(counts.duplicates).toBe(0);
    expect(proxy?.stats.resets).toBeGreaterThan(0);
  }, 300_000);
});

describe("a registry outage (the registry behind a proxy that refuses connections)", () => {
  it("keeps warm topics producing on cached ids, fails a new schema fast and typed, then recovers", async () => {
    const registryUrl = new URL(services().schemaRegistryUrl);
    const proxy = await startTcpFaultProxy({
      target: { host: registryUrl.hostname, port: Number(registryUrl.port) },
    });
    const registry = new SchemaRegistry({
      url: `http://${proxy.address}${registryUrl.pathname}`,
      retries: 1,
      requestTimeoutMs: 2_000,
    });
    const brokers = services().kafkaBrokers;
    const reader = new KafkaReader(brokers);
    const warmTopic = uniqueName("warm");
    const coldTopic = uniqueName("cold");
    await reader.createTopic(warmTopic, 3);
    await reader.createTopic(coldTopic, 3);
    const producer = createProducer({ brokers, registry, lingerMs: 5 });
    try {
      const warm = producer.topic(warmTopic, { value: UserEvent, key: "string", keyMaker: (e) => e.userId });
      await Promise.all(Array.from({ length: 100 }, (_, i) => warm.send(event(i))));
      proxy.setRefusing(true, "reset");
      proxy.resetAll();
      const during = await Promise.all(Array.from({ length: 1_000 }, (_, i) => warm.send(event(100 + i))));
      expect(during).toHaveLength(1_000);
      const cold = producer.topic(coldTopic, { value: User, key: "string", keyMaker: (u) => u.id });
      const failure = await cold.send(new User({ id: "u", name: "n", legacyScore: 1 })).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(RegistryUnavailableError);
      expect((failure as RegistryUnavailableError).retriable).toBe(true);
      proxy.setRefusing(false);
      const after = await cold.send(new User({ id: "u", name: "n", legacyScore: 1 }));
      expect(Number(after.offset)).toBeGreaterThanOrEqual(0);
      expect(await reader.recordCount(warmTopic)).toBe(1_100);
    } finally {
      await producer.close();
      await registry.close();
      await reader.close();
      await proxy.close();
    }
  }, 120_000);
});
