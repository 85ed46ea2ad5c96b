import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProducer, RETRY_CHANNEL, type BatchRetry } from "../../src/producer/index.js";
import { SchemaRegistry } from "../../src/registry/index.js";
import { KafkaReader } from "../support/kafka-reader.js";
import { freePorts, startOwnServices, type OwnServices } from "../support/own-services.js";
import { requireServices, uniqueName } from "../support/services.js";
import { startTcpFaultProxy, type TcpFaultProxy } from "../support/tcp-fault-proxy.js";
import { User } from "../unit/codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";

// A retry forced on a real broker: its produce request is held in a TCP proxy, and the connection is reset
// under it. Each retry must reach the retry channel and the metrics, on both transports, and every record
// must then be stored once. (A one-replica topic that requires two in sync does not force one: Kafka caps
// min.insync.replicas at the replication factor.) The broker is one of the test's own, advertising the
// proxy's port, so that every connection of the producer goes through the proxy.

const services = requireServices();
let own: OwnServices | undefined;
let proxy: TcpFaultProxy | undefined;
let registry: SchemaRegistry | undefined;

beforeAll(async () => {
  const [proxyPort] = await freePorts(1);
  own = await startOwnServices(["--no-registry"], { KAFKA_ADVERTISED_PORT: String(proxyPort) });
  proxy = await startTcpFaultProxy({
    target: { host: "127.0.0.1", port: Number(own.settings["KAFKA_PORT"]) },
    ...(proxyPort === undefined ? {} : { port: proxyPort }),
  });
  registry = new SchemaRegistry({ url: services().schemaRegistryUrl });
}, 240_000);

afterAll(async () => {
  await registry?.close();
  await proxy?.close();
  await own?.stop();
}, 120_000);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(["wire", "kafkajs"] as const)("batch retries through a resetting proxy (%s transport)", (transport) => {
  it("publishes each retry on the retry channel and counts it in metrics(), then stores each record once", async () => {
    const brokers = [proxy?.address ?? ""];
    const topic = uniqueName(`retry-${transport}`);
    const reader = new KafkaReader(brokers);
    await reader.createTopic(topic, 1);
    const seen: BatchRetry[] = [];
    const listener = (message: unknown): void => {
      const retry = message as BatchRetry;
      if (retry.topic === topic) seen.push(retry);
    };
    subscribe(RETRY_CHANNEL, listener);
    const producer = createProducer({ brokers, registry: registry as SchemaRegistry, transport, retryBackoffMs: 50 });
    try {
      const users = producer.topic(topic, { value: User });
      const user = (id: string): User => new User({ id, name: "n", legacyScore: 1 });
      // Connected, schema registered, metadata read: the next send is one produce request and nothing else.
      await users.send(user("warm"));
      expect(seen).toEqual([]);
      proxy?.setDelay(2_000);
      const sent = users.send(user("retried"));
      // The request is held in the proxy now; the reset loses it, and the transport must try it again.
      await sleep(500);
      proxy?.resetAll();
      proxy?.setDelay(0);
      const metadata = await sent;
      expect(metadata).toMatchObject({ topic, partition: 0, offset: "1" });
      expect(seen.length).toBeGreaterThanOrEqual(1);
      expect(seen.map((retry) => retry.attempt)).toEqual(seen.map((_, index) => index + 1));
      for (const retry of seen) {
        expect(retry).toMatchObject({ topic, partition: 0, recordCount: 1 });
        expect(retry.backoffMs).toBeGreaterThanOrEqual(0);
        // The reset connection, as each transport words it.
        expect(retry.error.message).toMatch(/connection/i);
      }
      if (transport === "wire") expect(seen[0]?.error).toMatchObject({ name: "BrokerError", code: "BROKER_ERROR" });
      const metrics = producer.metrics();
      expect(metrics).toMatchObject({ batchesRetried: seen.length, recordsRetried: seen.length, recordsSent: 2 });
      expect(metrics.topics[topic]).toMatchObject({ recordsRetried: seen.length, recordsSent: 2, recordsFailed: 0 });
      await producer.close();
      expect(await reader.recordCount(topic)).toBe(2);
    } finally {
      proxy?.setDelay(0);
      unsubscribe(RETRY_CHANNEL, listener);
      await producer.close();
      await reader.close();
    }
  });
});
