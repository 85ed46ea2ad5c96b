// Observability: producer.metrics(), schemakit's diagnostics channels (batches, retries, registry calls),
// and OpenTelemetry: a span per batch, and the sending span's W3C trace context in each record's headers.
//   npm run services:up && npx tsx examples/observability.ts
// OpenTelemetry is optional: schemakit uses @opentelemetry/api only when `tracing` is set. Here the base SDK
// prints spans to the console; in a service, the SDK you already run (e.g. @opentelemetry/sdk-node).
import { subscribe } from "node:diagnostics_channel";
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import {
  BATCH_CHANNEL,
  createProducer,
  REGISTRY_CHANNEL,
  RETRY_CHANNEL,
  SchemaRegistry,
  type BatchOutcome,
  type BatchRetry,
} from "schemakit";
import { UserEvent } from "./generated/com/example/user-event.avro.js";
import { userEventsTopic } from "./generated/topics.js";

// Channels cost nothing until someone subscribes.
subscribe(BATCH_CHANNEL, (message) => {
  const { topic, partition, recordCount, latencyMs, error } = message as BatchOutcome;
  console.log(`batch ${topic}/${partition}: ${recordCount} records in ${latencyMs} ms${error ? ` FAILED` : ""}`);
});
subscribe(RETRY_CHANNEL, (message) => {
  const { topic, partition, attempt, backoffMs, error } = message as BatchRetry;
  console.warn(`retry ${attempt} of ${topic}/${partition} in ${backoffMs} ms: ${error.code ?? error.message}`);
});
subscribe(REGISTRY_CHANNEL, (message) => console.log("registry call", message));

// What an SDK's start() does: a global tracer provider, and a context manager that carries the active
// span across awaits. schemakit's spans go to the global provider unless `tracing.tracerProvider` is given.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())] }),
);

const brokers = (process.env["KAFKA_BROKERS"] ?? "127.0.0.1:9092").split(",");
const registry = new SchemaRegistry({
  url: process.env["SCHEMA_REGISTRY_URL"] ?? "http://127.0.0.1:8081/apis/ccompat/v7",
});
const producer = createProducer({ brokers, registry, tracing: { injectTraceContext: true } });
const events = producer.topic(userEventsTopic);

// The record sent inside this span carries its traceparent: a consumer continues the trace from there.
await trace.getTracer("example").startActiveSpan("handle signup", async (span) => {
  const meta = await events.send(
    new UserEvent({
      userId: "u-1",
      ts: new Date(),
      eventType: "SIGNUP",
      amount: 0,
      flag: true,
      tags: ["observability"],
      counters: {},
      geo: { lat: 52.52, lon: 13.4 },
      count: 1,
      payload: Buffer.alloc(0),
    }),
  );
  const { traceId, spanId } = span.spanContext();
  console.log(`sent at offset ${meta.offset} with traceparent 00-${traceId}-${spanId}-01`);
  span.end();
});

console.log(producer.metrics());
await producer.close();
await registry.close();
