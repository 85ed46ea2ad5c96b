// Quickstart: one typed record to Kafka, registered with the Schema Registry, and its metadata back.
//   npm run services:up && npx tsx examples/quickstart.ts
// The classes come from `schemakit generate --config examples/schemakit.config.json` (checked in).
import { createProducer, SchemaRegistry } from "schemakit";
import { UserEvent } from "./generated/com/example/user-event.avro.js";
import { userEventsTopic } from "./generated/topics.js";

const brokers = (process.env["KAFKA_BROKERS"] ?? "127.0.0.1:9092").split(",");
const registry = new SchemaRegistry({
  url: process.env["SCHEMA_REGISTRY_URL"] ?? "http://127.0.0.1:8081/apis/ccompat/v7",
});
const producer = createProducer({ brokers, registry });

// The binding types `send`: only a UserEvent (or its Init object) compiles. The topic must exist.
const events = producer.topic(userEventsTopic);
const meta = await events.send(
  new UserEvent({
    userId: "u-1",
    ts: new Date(),
    eventType: "SIGNUP",
    amount: 0,
    flag: true,
    tags: ["quickstart"],
    counters: {},
    geo: { lat: 52.52, lon: 13.4 },
    count: 1,
    payload: Buffer.alloc(0),
  }),
);
console.log(`sent to ${meta.topic} partition ${meta.partition} offset ${meta.offset}, schema id ${meta.schemaId}`);

await producer.close();
await registry.close();
