// `npm run demo`: the main job end to end on this machine. Brings up Kafka and the registry when no
// endpoints are given, runs `schemakit generate` on schemas/ (examples/schemakit.config.json), produces
// typed UserEvents with the config's key maker (userId) and consistent-hash partitioner, reads them back
// through the deserializer, and says what it did.
//
//   npm run demo                     10,000 records
//   npm run demo -- --records=200000
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import kafkajs, { Kafka, logLevel } from "kafkajs";
import { runCli } from "../../codegen/cli.js";
import { createDeserializer, createProducer, registerCompressionCodecs, SchemaRegistry } from "../../src/index.js";

// The demo reads its zstd batches back with a kafkajs consumer, which needs schemakit's codecs registered
// (the producer's own wire transport does not touch kafkajs).
registerCompressionCodecs(kafkajs);

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PARTITIONS = 6;

function argument(name: string, fallback: number): number {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  const value = given === undefined ? fallback : Number(given.slice(name.length + 3));
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

function endpoints(): { brokers: string[]; registryUrl: string } {
  let brokers = process.env["KAFKA_BROKERS"];
  let registryUrl = process.env["SCHEMA_REGISTRY_URL"];
  if (brokers === undefined || registryUrl === undefined) {
    console.log(
      "demo: no KAFKA_BROKERS / SCHEMA_REGISTRY_URL given: " +
        "starting Kafka and Apicurio Registry (scripts/services/up.sh)",
    );
    const exports = execFileSync("bash", ["scripts/services/up.sh"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    console.log("demo: the services keep running after the demo; `npm run services:down` stops them");
    for (const line of exports.split("\n")) {
      const match = /^export (\w+)=(.*)$/.exec(line.trim());
      if (match?.[1] === "KAFKA_BROKERS") brokers = match[2];
      if (match?.[1] === "SCHEMA_REGISTRY_URL") registryUrl = match[2];
    }
  }
  if (brokers === undefined || registryUrl === undefined)
    throw new Error("demo: the services script printed no endpoints");
  return { brokers: brokers.split(","), registryUrl };
}

async function main(): Promise<void> {
  const records = argument("records", 10_000);
  const { brokers, registryUrl } = endpoints();
  console.log(`demo: Kafka ${brokers.join(",")}, Schema Registry ${registryUrl}`);

  const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line), cwd: ROOT };
  if ((await runCli(["generate", "--config", "examples/schemakit.config.json"], io)) !== 0)
    throw new Error("demo: schemakit generate failed");
  // Imported after generating, so the demo runs what the generator just wrote.
  const { userEventsTopic } = await import("../../examples/generated/topics.js");
  const { UserEvent } = await import("../../examples/generated/com/example/user-event.avro.js");

  const topic = `demo-user-events-${Date.now()}`;
  const kafka = new Kafka({ clientId: "schemakit-demo", brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }] });
  // kafkajs's own waitForLeaders can fail with "does not host this topic-partition" while a new topic's
  // metadata spreads (more so just after the broker started): wait for the leaders here instead.
  for (let waited = 0; ; waited += 200) {
    const led = await admin
      .fetchTopicMetadata({ topics: [topic] })
      .then(({ topics }) => topics[0]?.partitions.filter((partition) => partition.leader >= 0).length ?? 0)
      .catch(() => 0);
    if (led === PARTITIONS) break;
    if (waited > 30_000) throw new Error(`demo: topic ${topic} has ${led} of ${PARTITIONS} partition leaders`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await admin.disconnect();

  const registry = new SchemaRegistry({ url: registryUrl });
  const producer = createProducer({
    brokers,
    registry,
    lingerMs: 5,
    batchSizeBytes: 256 * 1024,
    compression: "zstd",
    acks: "all",
  });
  // The binding from examples/schemakit.config.json, pointed at this run's topic.
  const events = producer.topic(topic, {
    value: UserEvent,
    keyMaker: (event) => event.userId,
    partitioner: userEventsTopic.partitioner,
  });
  const started = performance.now();
  let acknowledged = 0;
  let failed = 0;
  let schemaId = -1;
  const progress = setInterval(() => console.log(`demo: ${acknowledged} of ${records} acknowledged`), 1_000);
  for (let i = 0; i < records; i += 1) {
    const event = new UserEvent({
      userId: `user-${i % 500}`,
      ts: new Date(Date.UTC(2026, 10, 22) + i),
      eventType: (["VIEW", "CLICK", "PURCHASE", "SIGNUP", "LOGOUT"] as const)[i % 5] ?? "VIEW",
      sessionId: i % 3 === 0 ? null : `session-${i % 97}`,
      amount: (i % 1000) / 10,
      flag: i % 2 === 0,
      tags: ["demo", `batch-${i % 10}`],
      counters: { views: i % 13, clicks: i % 7 },
      geo: { lat: 48.1 + (i % 10) / 100, lon: 11.6 },
      count: i,
      payload: Buffer.from([i & 0xff, (i >> 8) & 0xff]),
    });
    // Not awaited: the producer batches; close() below settles every record.
    events.send(event).then(
      (meta) => {
        acknowledged += 1;
        schemaId = meta.schemaId;
      },
      (error: unknown) => {
        failed += 1;
        if (failed <= 3) console.error(`demo: send failed: ${String(error)}`);
      },
    );
  }
  await producer.close();
  clearInterval(progress);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `demo: produced ${acknowledged} of ${records} UserEvents to "${topic}" in ${seconds.toFixed(2)} s ` +
      `(${Math.round(acknowledged / seconds)} records/s), ${failed} failed, ` +
      `value schema id ${schemaId} (subject "${topic}-value")`,
  );

  const deserializer = createDeserializer(UserEvent, { registry });
  const consumer = kafka.consumer({ groupId: `${topic}-reader`, maxBytes: 10 << 20 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const perPartition = new Map<number, number>();
  const usersPerPartition = new Map<string, Set<number>>();
  let read = 0;
  let first: InstanceType<typeof UserEvent> | undefined;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo: read ${read} of ${acknowledged} records in 60 s`)), 60_000);
    consumer
      .run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            const event = await deserializer.deserialize(topic, message.value ?? Buffer.alloc(0));
            if (!(event instanceof UserEvent)) throw new Error("demo: not a UserEvent");
            first ??= event;
            perPartition.set(batch.partition, (perPartition.get(batch.partition) ?? 0) + 1);
            const partitions = usersPerPartition.get(event.userId) ?? new Set<number>();
            partitions.add(batch.partition);
            usersPerPartition.set(event.userId, partitions);
            read += 1;
          }
          if (read >= acknowledged) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  await registry.close();
  const spread = [...perPartition.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([partition, count]) => `p${partition}=${count}`)
    .join(" ");
  const oneKeyOnePartition = [...usersPerPartition.values()].every((partitions) => partitions.size === 1);
  console.log(`demo: read back ${read} records, all decoded into UserEvent instances; per partition: ${spread}`);
  console.log(
    `demo: ${usersPerPartition.size} user ids, each on exactly one partition: ` +
      `${oneKeyOnePartition ? "yes" : "NO"} (consistent-hash partitioner)`,
  );
  console.log(
    `demo: first record read: ${JSON.stringify({
      ...first,
      ts: first?.ts.toISOString(),
      payload: first?.payload.toString("hex"),
    })}`,
  );
  if (read !== acknowledged || failed > 0 || !oneKeyOnePartition) process.exitCode = 1;
}

await main();
