import { context, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProducer } from "../../src/producer/index.js";
import { SchemaRegistry } from "../../src/registry/index.js";
import { KafkaReader } from "../support/kafka-reader.js";
import { requireServices, uniqueName } from "../support/services.js";
import { User } from "../unit/codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";

// Tracing against the real broker: the traceparent a consumer (kafkajs) reads back is the one of the span
// active at send, and the batch spans say where the records went.

const services = requireServices();
let registry: SchemaRegistry | undefined;
let reader: KafkaReader | undefined;

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(async () => {
  context.disable();
  await registry?.close();
  await reader?.close();
});

describe.each(["wire", "kafkajs"] as const)("OpenTelemetry trace context in records (%s transport)", (transport) => {
  it("a consumer reads the traceparent of the span active at send; each batch has its PRODUCER span", async () => {
    const topic = uniqueName(`traced-${transport}`);
    reader ??= new KafkaReader(services().kafkaBrokers);
    await reader.createTopic(topic, 2);
    registry ??= new SchemaRegistry({ url: services().schemaRegistryUrl });
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const producer = createProducer({
      brokers: services().kafkaBrokers,
      registry,
      transport,
      tracing: { tracerProvider, injectTraceContext: true },
    });
    const users = producer.topic(topic, { value: User });
    const tracer = tracerProvider.getTracer("test");
    const spans = ["a", "b", "c"].map((id) => tracer.startSpan(`handle ${id}`));
    await Promise.all(
      spans.map((span, index) =>
        context.with(trace.setSpan(context.active(), span), () =>
          users.send(new User({ id: String(index), name: "n", legacyScore: index }), { partition: index % 2 }),
        ),
      ),
    );
    await producer.close();
    const read = await reader.readAll(topic, 3);
    expect(read).toHaveLength(3);
    spans.forEach((span, index) => {
      const { traceId, spanId } = span.spanContext();
      const record = read.find((candidate) => candidate.headers["traceparent"]?.toString().includes(spanId));
      expect(record?.headers["traceparent"]?.toString()).toBe(`00-${traceId}-${spanId}-01`);
      expect(record?.partition).toBe(index % 2);
    });
    const batches = exporter.getFinishedSpans().filter((span) => span.name === `send ${topic}`);
    const counted = batches.map((span) => [
      span.attributes["messaging.destination.partition.id"],
      span.attributes["messaging.batch.message_count"],
    ]);
    const perPartition = (partition: string): number =>
      counted.filter(([id]) => id === partition).reduce((sum, [, count]) => sum + Number(count), 0);
    expect([perPartition("0"), perPartition("1")]).toEqual([2, 1]);
    expect(batches.every((span) => span.status.code !== SpanStatusCode.ERROR)).toBe(true);
  });
});
