import { context, createTraceState, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, ProduceError } from "../../../src/errors/index.js";
import { createProducer, type ProducerOptions } from "../../../src/producer/index.js";
import { withTraceHeaders } from "../../../src/producer/send-input.js";
import { FakeTransport } from "../../support/fake-transport.js";
import { InMemoryRegistry } from "../../support/in-memory-registry.js";
import { User } from "../codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";

// Spans and trace context as OpenTelemetry's own SDK records them: BasicTracerProvider, InMemorySpanExporter,
// and the AsyncLocalStorage context manager a Node SDK registers.

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  context.disable();
});

function tracedProducer(tracing: NonNullable<ProducerOptions["tracing"]>, transport = new FakeTransport()) {
  transport.partitions.set("users", 2);
  const producer = createProducer({ registry: new InMemoryRegistry(), transport, lingerMs: 0, tracing });
  return { producer, transport, users: producer.topic("users", { value: User }) };
}

const user = (id: string): User => new User({ id, name: "n", legacyScore: 1 });

describe("OpenTelemetry tracing", () => {
  it("records a PRODUCER span per batch with the messaging attributes, and an error status when it fails", async () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const transport = new FakeTransport();
    transport.failing.set("users/1", new ProduceError("users", 1, 1, "broker says no"));
    const { producer, users } = tracedProducer({ tracerProvider }, transport);
    const parent = tracerProvider.getTracer("app").startSpan("request");
    const sent = await context.with(trace.setSpan(context.active(), parent), () =>
      Promise.allSettled([
        users.send(user("a"), { partition: 0 }),
        users.send(user("b"), { partition: 0 }),
        users.send(user("c"), { partition: 1 }),
      ]),
    );
    parent.end();
    expect(sent.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    await producer.close();
    const spans = exporter.getFinishedSpans().filter((span) => span.name !== "request");
    expect(spans.map((span) => [span.name, span.kind, span.attributes])).toEqual([
      [
        "send users",
        SpanKind.PRODUCER,
        {
          "messaging.system": "kafka",
          "messaging.operation.type": "send",
          "messaging.operation.name": "send",
          "messaging.destination.name": "users",
          "messaging.destination.partition.id": "0",
          "messaging.batch.message_count": 2,
        },
      ],
      [
        "send users",
        SpanKind.PRODUCER,
        {
          "messaging.system": "kafka",
          "messaging.operation.type": "send",
          "messaging.operation.name": "send",
          "messaging.destination.name": "users",
          "messaging.destination.partition.id": "1",
          "messaging.batch.message_count": 1,
          "error.type": "PRODUCE_FAILED",
        },
      ],
    ]);
    expect(spans.map((span) => span.status.code)).toEqual([SpanStatusCode.UNSET, SpanStatusCode.ERROR]);
    expect(spans[1]?.status.message).toMatch(/broker says no/);
    expect(spans.map((span) => span.instrumentationScope.name)).toEqual(["schemakit", "schemakit"]);
    // A batch mixes sends of many contexts: it is a root span, never the child of the one that settled it.
    expect(spans.every((span) => span.parentSpanContext === undefined)).toBe(true);
  });

  it("injects the send's own traceparent and tracestate into each record's headers", async () => {
    const tracerProvider = new BasicTracerProvider();
    const { producer, transport, users } = tracedProducer({ tracerProvider, injectTraceContext: true });
    const tracer = tracerProvider.getTracer("app");
    const first = tracer.startSpan("first");
    const second = tracer.startSpan("second");
    const remote = trace.wrapSpanContext({
      traceId: "0af7651916cd43dd8448eb211c80319c",
      spanId: "b7ad6b7169203331",
      traceFlags: 0,
      traceState: createTraceState("vendor=opaque,other=1"),
    });
    // The first send waits for the topic to be prepared; the next ones take the synchronous path.
    const sends = [
      context.with(trace.setSpan(context.active(), first), () => users.send(user("a"), { partition: 0 })),
      context.with(trace.setSpan(context.active(), second), () => users.send(user("b"), { partition: 0 })),
      context.with(trace.setSpan(context.active(), remote), () => users.send(user("c"), { partition: 0 })),
      users.send(user("d"), { partition: 0, headers: { app: "x" } }),
    ];
    await Promise.all(sends);
    await producer.close();
    const headers = transport.sent.flatMap(({ batch }) => batch.records.map((record) => record.headers));
    const parentOf = (span: typeof first): string => {
      const { traceId, spanId, traceFlags } = span.spanContext();
      return `00-${traceId}-${spanId}-${traceFlags === 1 ? "01" : "00"}`;
    };
    expect(headers).toEqual([
      { traceparent: parentOf(first) },
      { traceparent: parentOf(second) },
      { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", tracestate: "vendor=opaque,other=1" },
      // No active span: nothing added to the caller's headers.
      { app: "x" },
    ]);
    expect(parentOf(first)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it("never replaces a trace header the caller set, and adds none unless asked", async () => {
    const tracerProvider = new BasicTracerProvider();
    const span = tracerProvider.getTracer("app").startSpan("op");
    const own = { traceparent: "00-11111111111111111111111111111111-2222222222222222-01", app: "x" };
    for (const injectTraceContext of [true, false]) {
      const { producer, transport, users } = tracedProducer({ tracerProvider, injectTraceContext });
      await context.with(trace.setSpan(context.active(), span), () =>
        Promise.all([
          users.send(user("a"), { headers: own }),
          users.send(user("b"), { headers: { tracestate: "k=v" } }),
        ]),
      );
      await context.with(trace.setSpan(context.active(), span), () => users.send(user("c")));
      await producer.close();
      const headers = transport.sent.flatMap(({ batch }) => batch.records.map((record) => record.headers));
      expect(headers.slice(0, 2)).toEqual([own, { tracestate: "k=v" }]);
      expect(headers[2]).toEqual(injectTraceContext ? { traceparent: expect.any(String) } : undefined);
    }
  });

  it("leaves headers of the wrong type for the send's own check to reject", async () => {
    const headers = { traceparent: "00-11111111111111111111111111111111-2222222222222222-01" };
    expect(withTraceHeaders(undefined, headers)).toEqual(headers);
    expect(withTraceHeaders("h", headers)).toBe("h");
    expect(withTraceHeaders([1], headers)).toEqual([1]);
    const tracerProvider = new BasicTracerProvider();
    const { producer, users } = tracedProducer({ tracerProvider, injectTraceContext: true });
    const span = tracerProvider.getTracer("app").startSpan("op");
    const bad = context.with(trace.setSpan(context.active(), span), () =>
      users.send(user("a"), { headers: { n: 1 } as unknown as Record<string, string> }),
    );
    await expect(bad).rejects.toMatchObject({ code: "RECORD_INVALID", field: 'headers["n"]' });
    await producer.close();
  });

  it("refuses a tracing option of the wrong shape with a ConfigError naming it", () => {
    const options = (tracing: unknown): ProducerOptions =>
      ({ registry: new InMemoryRegistry(), transport: new FakeTransport(), tracing }) as ProducerOptions;
    const cases: [unknown, string][] = [
      [true, "tracing"],
      [null, "tracing"],
      [{ tracerProvider: {} }, "tracing.tracerProvider"],
      [{ tracerProvider: "global" }, "tracing.tracerProvider"],
      [{ injectTraceContext: "yes" }, "tracing.injectTraceContext"],
    ];
    for (const [tracing, option] of cases) {
      expect(() => createProducer(options(tracing))).toThrow(ConfigError);
      expect(() => createProducer(options(tracing))).toThrow(expect.objectContaining({ option }));
    }
    expect(() => createProducer(options({}))).not.toThrow();
  });

  it("a tracer provider that throws fails sends with a ConfigError; a span that throws loses only itself", async () => {
    const broken = {
      getTracer: (): never => {
        throw new Error("no tracer");
      },
    };
    const first = tracedProducer({ tracerProvider: broken });
    await expect(first.users.send(user("a"))).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      option: "tracing.tracerProvider",
    });
    await first.producer.close();
    const throwing = {
      getTracer: () => ({
        startSpan: (): never => {
          throw new Error("span");
        },
      }),
    };
    const second = tracedProducer({ tracerProvider: throwing });
    const sent = await Promise.all([second.users.send(user("a")), second.users.send(user("b"))]);
    expect(sent).toHaveLength(2);
    await second.producer.close();
    expect(second.producer.metrics()).toMatchObject({
      recordsSent: 2,
      bufferAvailableBytes: second.producer.metrics().bufferTotalBytes,
    });
  });
});
