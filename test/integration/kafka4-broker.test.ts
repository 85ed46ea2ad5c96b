import { readFile } from "node:fs/promises";
import type { ConnectionOptions as TlsOptions } from "node:tls";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createProducer, type ProducerOptions, type SaslOptions } from "../../src/producer/index.js";
import { BrokerConnection } from "../../src/producer/transport/wire/connection.js";
import { API_VERSIONS, type ApiVersionRange } from "../../src/producer/transport/wire/protocol/api-versions.js";
import type { KafkaApi } from "../../src/producer/transport/wire/protocol/kafka-api.js";
import { INIT_PRODUCER_ID } from "../../src/producer/transport/wire/protocol/init-producer-id.js";
import { METADATA } from "../../src/producer/transport/wire/protocol/metadata.js";
import { PRODUCE } from "../../src/producer/transport/wire/protocol/produce.js";
import { SASL_AUTHENTICATE } from "../../src/producer/transport/wire/protocol/sasl-authenticate.js";
import { SASL_HANDSHAKE } from "../../src/producer/transport/wire/protocol/sasl-handshake.js";
import { SchemaRegistry } from "../../src/registry/index.js";
import { createDeserializer } from "../../src/serde/index.js";
import { KafkaReader } from "../support/kafka-reader.js";
import { startOwnServices, type OwnServices } from "../support/own-services.js";
import { requireServices, uniqueName } from "../support/services.js";
import { UserEvent } from "../unit/codegen/golden/user-event/com/example/user-event.avro.js";
import { testUserEvent } from "../support/test-user-events.js";

// schemakit's produce path against Apache Kafka 4.x brokers: 4.0 removed the oldest protocol versions
// (KIP-896), so a client that still asked for them would fail there and nowhere else. Two brokers of this
// file's own, started side by side on free ports in their own state directories and removed at the end:
// `KAFKA_VERSION=4.1.1 services:up -- --no-registry` (PLAINTEXT) and the same with `--secure` (SASL_SSL,
// SCRAM-SHA-512, a test CA). The registry is the shared one.

const KAFKA_4_VERSION = "4.1.1";
// API keys schemakit does not send; only their version ranges tell a 4.x broker from a 3.x one.
const FETCH_KEY = 1;
const OFFSET_COMMIT_KEY = 8;
const TARGET_NAMES = ["plaintext", "sasl_ssl"] as const;

/** How to reach one of the 4.x brokers: for schemakit's producer, and for kafkajs (the reader). */
interface Target {
  readonly brokers: string[];
  /** Over SASL_SSL: the CA to trust and the SCRAM-SHA-512 credentials. */
  readonly secure:
    | { readonly tls: TlsOptions; readonly sasl: SaslOptions & { mechanism: "scram-sha-512" } }
    | undefined;
}

const services = requireServices();
const owned: Promise<OwnServices>[] = [];
const targets = new Map<string, Promise<Target>>();
const readers: KafkaReader[] = [];
let registry: SchemaRegistry | undefined;

function startTarget(name: (typeof TARGET_NAMES)[number]): Promise<Target> {
  const args = name === "sasl_ssl" ? ["--secure", "--no-registry"] : ["--no-registry"];
  const started = startOwnServices(args, { KAFKA_VERSION: KAFKA_4_VERSION });
  owned.push(started);
  return started.then(async ({ env }) => {
    const setting = (variable: string): string => {
      const value = env[variable];
      if (value === undefined) throw new Error(`up.sh ${args.join(" ")} did not print ${variable}`);
      return value;
    };
    if (name === "plaintext") return { brokers: setting("KAFKA_BROKERS").split(","), secure: undefined };
    return {
      brokers: setting("KAFKA_SECURE_BROKERS").split(","),
      secure: {
        tls: { ca: [await readFile(setting("SERVICES_CA_FILE"), "utf8")] },
        sasl: {
          mechanism: "scram-sha-512",
          username: setting("KAFKA_SASL_USERNAME"),
          password: setting("KAFKA_SASL_PASSWORD"),
        },
      },
    };
  });
}

// Both brokers start on the first test, side by side. A failing beforeEach fails each test (a failing
// beforeAll would only skip them): no 4.x broker, no pass.
beforeEach(async () => {
  if (targets.size === 0) for (const name of TARGET_NAMES) targets.set(name, startTarget(name));
  await Promise.all(targets.values());
}, 300_000);

afterAll(async () => {
  await registry?.close();
  await Promise.all(readers.map((reader) => reader.close()));
  // Each broker is stopped even when the other did not start.
  await Promise.allSettled(owned.map(async (started) => (await started).stop()));
}, 120_000);

async function target(name: string): Promise<Target> {
  const found = targets.get(name);
  if (found === undefined) throw new Error(`no 4.x broker ${name}`);
  return found;
}

function readerFor(to: Target): KafkaReader {
  const reader = new KafkaReader(
    to.brokers,
    to.secure === undefined ? {} : { ssl: to.secure.tls, sasl: to.secure.sasl },
  );
  readers.push(reader);
  return reader;
}

async function brokerApiVersions(to: Target): Promise<{ ranges: Map<number, ApiVersionRange>; negotiated: number[] }> {
  const [host, port] = (to.brokers[0] as string).split(":");
  const connection = await BrokerConnection.open({
    host: host as string,
    port: Number(port),
    clientId: "schemakit-kafka4-test",
    tls: to.secure?.tls,
    sasl: to.secure?.sasl,
    connectTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    maxInFlight: 1,
  });
  try {
    const response = await connection.send(API_VERSIONS, {});
    if (response === undefined) throw new Error("ApiVersions got no response");
    expect(response.errorCode).toBe(0);
    const negotiated = apisOf(to).map((api) => connection.versionOf(api));
    return { ranges: new Map(response.apiKeys.map((range) => [range.apiKey, range])), negotiated };
  } finally {
    connection.close();
  }
}

/** The APIs schemakit's producer sends to this broker. */
function apisOf(to: Target): Pick<KafkaApi<never, unknown>, "key" | "name" | "minVersion" | "maxVersion">[] {
  const produce = [PRODUCE, METADATA, INIT_PRODUCER_ID];
  return to.secure === undefined ? produce : [...produce, SASL_HANDSHAKE, SASL_AUTHENTICATE];
}

const event = testUserEvent;

// Java's DefaultPartitioner for these keys over 6 partitions (the design's vectors, from Java's client).
const JAVA_PARTITION_OF_6: Readonly<Record<string, number>> = {
  a: 4,
  "user:1001": 5,
  "customer-7": 1,
  "tenant-3:evt": 4,
  foobar: 0,
};
const KEYS = Object.keys(JAVA_PARTITION_OF_6);

describe.each(TARGET_NAMES)(`producer against Apache Kafka ${KAFKA_4_VERSION} (%s)`, (name) => {
  it("the broker is 4.x (KIP-896 removed old Fetch and OffsetCommit versions) and speaks the producer's", async () => {
    const to = await target(name);
    const { ranges, negotiated } = await brokerApiVersions(to);
    // 3.9 serves Fetch from v0 and OffsetCommit from v0; 4.x from v4 and v2. (4.x still advertises Produce
    // and Metadata from v0, for old librdkafka clients, so those two ranges tell nothing.)
    expect(ranges.get(FETCH_KEY)?.minVersion).toBe(4);
    expect(ranges.get(OFFSET_COMMIT_KEY)?.minVersion).toBe(2);
    // The highest versions schemakit speaks (SASL ones over SASL_SSL too), all still served by 4.x.
    expect(negotiated).toEqual(apisOf(to).map((api) => api.maxVersion));
  });

  const settings: { label: string; options: Partial<ProducerOptions> }[] = [
    { label: "idempotent, acks all, zstd", options: { idempotent: true, acks: "all", compression: "zstd" } },
    { label: "not idempotent, acks 1, gzip", options: { idempotent: false, acks: 1, compression: "gzip" } },
  ];
  it.each(settings)("$label: every record is read back on Java's partition at its metadata's offset", async (s) => {
    const to = await target(name);
    registry ??= new SchemaRegistry({ url: services().schemaRegistryUrl });
    const reader = readerFor(to);
    const topic = uniqueName("kafka4");
    await reader.createTopic(topic, 6);
    const producer = createProducer({
      brokers: to.brokers,
      ...to.secure,
      registry,
      lingerMs: 5,
      ...s.options,
    });
    const events = producer.topic(topic, { value: UserEvent, key: "string", keyMaker: (e) => e.userId });
    const count = 300;
    const metas = await Promise.all(
      Array.from({ length: count }, (_, i) => events.send(event(i, KEYS[i % KEYS.length] as string))),
    );
    await producer.close();

    const records = await reader.readAll(topic, count);
    expect(records).toHaveLength(count);
    const deserializer = createDeserializer(UserEvent, { registry });
    const seen = new Set<number>();
    for (const record of records) {
      const value = await deserializer.deserialize(topic, record.value);
      seen.add(value.count);
      const meta = metas[value.count];
      expect(record.key?.toString()).toBe(value.userId);
      expect(record.partition).toBe(JAVA_PARTITION_OF_6[value.userId]);
      expect({ partition: record.partition, offset: record.offset, timestamp: Number(record.timestamp) }).toEqual({
        partition: meta?.partition,
        offset: meta?.offset,
        timestamp: meta?.timestamp,
      });
    }
    expect(seen.size).toBe(count);
    // Per key (one partition each), offsets follow send order.
    for (const key of KEYS) {
      const offsets = metas.filter((_, i) => KEYS[i % KEYS.length] === key).map((meta) => Number(meta.offset));
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
  });
});
