// A key made from two fields, and a partitioner of your own next to consistentHash().
//   npx tsx examples/custom-key-and-partitioner.ts
import { consistentHash, createProducer, SchemaRegistry, type PartitionerFunction } from "schemakit";
import { UserEvent } from "./generated/com/example/user-event.avro.js";

const brokers = (process.env["KAFKA_BROKERS"] ?? "127.0.0.1:9092").split(",");
const registry = new SchemaRegistry({
  url: process.env["SCHEMA_REGISTRY_URL"] ?? "http://127.0.0.1:8081/apis/ccompat/v7",
});
const producer = createProducer({ brokers, registry, lingerMs: 10 });

// Purchases on partition 0, everything else by key hash over the others. A custom partitioner gets the
// serialized key, the partition count and the record; an answer out of range is a PartitionError.
const purchasesFirst: PartitionerFunction = (key, partitionCount, record) => {
  if ((record as UserEvent).eventType === "PURCHASE") return 0;
  return 1 + ((key?.readUInt8(0) ?? 0) % (partitionCount - 1));
};

const byUserAndType = producer.topic("user-events", {
  value: UserEvent,
  keyMaker: (event) => `${event.userId}:${event.eventType}`,
  partitioner: purchasesFirst,
});
// Keys stay on their partition when the topic grows: ≈ (M−N)/M of them move from N to M partitions.
const stable = producer.topic("user-events-by-user", {
  value: UserEvent,
  keyMaker: (event) => event.userId,
  partitioner: consistentHash(),
});

const event = new UserEvent({
  userId: "u-7",
  ts: new Date(),
  eventType: "PURCHASE",
  amount: 19.99,
  flag: false,
  tags: [],
  counters: {},
  geo: { lat: 0, lon: 0 },
  count: 1,
  payload: Buffer.alloc(0),
});
const [custom, hashed] = await Promise.all([byUserAndType.send(event), stable.send(event)]);
console.log(`custom partitioner → partition ${custom.partition}; consistent hash → partition ${hashed.partition}`);

await producer.close();
await registry.close();
