// Graceful shutdown: send without awaiting, and on SIGTERM (or Ctrl-C) close() the producer, which
// delivers every record still buffered before it disconnects. Nothing accepted is dropped.
//   npx tsx examples/graceful-shutdown.ts   (then press Ctrl-C)
import { createProducer, SchemaRegistry } from "schemakit";
import { UserEvent } from "./generated/com/example/user-event.avro.js";
import { userEventsTopic } from "./generated/topics.js";

const brokers = (process.env["KAFKA_BROKERS"] ?? "127.0.0.1:9092").split(",");
const registry = new SchemaRegistry({
  url: process.env["SCHEMA_REGISTRY_URL"] ?? "http://127.0.0.1:8081/apis/ccompat/v7",
});
// Failed sends that nobody awaits land here; they never become unhandled rejections.
const producer = createProducer({
  brokers,
  registry,
  onError: (error) => console.error(`send failed: ${error.message}`),
});
const events = producer.topic(userEventsTopic);

let sent = 0;
let acknowledged = 0;
const timer = setInterval(() => {
  for (let i = 0; i < 100; i += 1) {
    sent += 1;
    void events
      .send(
        new UserEvent({
          userId: `u-${sent % 50}`,
          ts: new Date(),
          eventType: "VIEW",
          amount: 0,
          flag: false,
          tags: [],
          counters: {},
          geo: { lat: 0, lon: 0 },
          count: sent,
          payload: Buffer.alloc(0),
        }),
      )
      .then(
        () => (acknowledged += 1),
        () => undefined,
      );
  }
}, 10);

async function shutdown(signal: string): Promise<void> {
  clearInterval(timer);
  console.log(`${signal}: closing; ${sent - acknowledged} records still buffered or in flight`);
  await producer.close();
  await registry.close();
  console.log(`closed: ${acknowledged} of ${sent} acknowledged`);
}

process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
