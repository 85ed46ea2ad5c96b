import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { startOwnServices, type OwnServices } from "../support/own-services.js";

// Issue 13 item 11: `services:up` after a broker kill re-formatted the log directory, so every record
// was gone. A broker of this file's own (free ports, temporary state), killed with SIGKILL twice: by
// `services:restart-kafka`, and by hand followed by `services:up`. Each time the acknowledged records
// must still be there.

let own: Promise<OwnServices> | undefined;
const services = (): Promise<OwnServices> => {
  own ??= startOwnServices(["--no-registry"]);
  return own;
};

beforeEach(async () => {
  await services();
}, 240_000);

afterAll(async () => {
  await (await own)?.stop();
}, 120_000);

async function highWatermarks(brokers: string, topic: string): Promise<number> {
  const admin = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING, retry: { retries: 8 } }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((total, partition) => total + Number(partition.high), 0);
  } finally {
    await admin.disconnect();
  }
}

describe("a killed broker restarts with its data", () => {
  it("after services:restart-kafka (SIGKILL) and after kill -9 + services:up", async () => {
    const { env, state, script } = await services();
    const brokers = env["KAFKA_BROKERS"] ?? "";
    const topic = `restart-keeps-data-${Date.now()}`;
    const kafka = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const messages = Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
    await producer.send({ topic, acks: -1, messages });
    await producer.disconnect();
    expect(await highWatermarks(brokers, topic)).toBe(30);

    await script("restart-kafka.sh", "single", "--signal", "KILL");
    expect(await highWatermarks(brokers, topic)).toBe(30);

    const pid = Number(await readFile(join(state, "kafka/kafka.pid"), "utf8"));
    process.kill(pid, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 500));
    await script("up.sh", "--no-registry");
    expect(await highWatermarks(brokers, topic)).toBe(30);
  }, 240_000);
});
