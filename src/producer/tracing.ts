// Type-only: erased from the output. @opentelemetry/api is an optional peer dependency, loaded with import()
// when a producer enables tracing, so that `import "schemakit"` never loads it.
import type * as OtelApi from "@opentelemetry/api";
import { ConfigError, SdkError } from "../errors/index.js";
import { MemoPromise } from "../internal/memo-promise.js";
import type { BatchOutcome } from "./producer-metrics.js";

/** A TracerProvider of @opentelemetry/api, as far as schemakit uses it (declared here: the API is optional). */
export interface TracerProviderLike {
  getTracer(name: string, version?: string): unknown;
}

/** The producer's `tracing` option: OpenTelemetry through @opentelemetry/api, which must then be installed. */
export interface TracingOptions {
  /** Where the spans go; default the global one (`trace.getTracerProvider()`), as an SDK registers it. */
  readonly tracerProvider?: TracerProviderLike;
  /**
   * Adds the W3C trace context of the context active at `send` to the record's headers (`traceparent`, and
   * `tracestate` when it has one), unless the send's headers have either already; default false.
   */
  readonly injectTraceContext?: boolean;
}

export interface ResolvedTracingOptions {
  readonly tracerProvider: TracerProviderLike | undefined;
  readonly injectTraceContext: boolean;
}

/** The headers of a W3C trace context. */
export interface TraceHeaders {
  readonly traceparent: string;
  readonly tracestate?: string;
}

/** Checks the `tracing` option; undefined when tracing is off. */
export function resolveTracingOptions(tracing: unknown): ResolvedTracingOptions | undefined {
  if (tracing === undefined) return undefined;
  if (typeof tracing !== "object" || tracing === null || Array.isArray(tracing))
    throw new ConfigError("tracing", "an object: { tracerProvider?, injectTraceContext? }", tracing);
  const { tracerProvider, injectTraceContext } = tracing as Record<string, unknown>;
  if (
    tracerProvider !== undefined &&
    (typeof tracerProvider !== "object" ||
      tracerProvider === null ||
      typeof (tracerProvider as Partial<TracerProviderLike>).getTracer !== "function")
  )
    throw new ConfigError("tracing.tracerProvider", "an OpenTelemetry TracerProvider (with getTracer)", tracerProvider);
  if (injectTraceContext !== undefined && typeof injectTraceContext !== "boolean")
    throw new ConfigError("tracing.injectTraceContext", "true or false", injectTraceContext);
  return {
    tracerProvider: tracerProvider as TracerProviderLike | undefined,
    injectTraceContext: injectTraceContext ?? false,
  };
}

type Api = typeof OtelApi;

// The instrumentation scope of schemakit's spans.
const TRACER_NAME = "schemakit";
const SEND = "send";

/**
 * A producer's tracing: a PRODUCER span per settled batch, named "send <topic>", with OpenTelemetry's
 * messaging attributes, made from the batch's outcome once it is known (so no transport carries a tracer);
 * and, when asked, the W3C trace context of each send in its record's headers.
 */
export class ProducerTracing {
  readonly injectsTraceContext: boolean;
  readonly #options: ResolvedTracingOptions;
  readonly #loaded = new MemoPromise(() => this.#load());
  #api: Api | undefined;
  #tracer: OtelApi.Tracer | undefined;

  constructor(options: ResolvedTracingOptions) {
    this.#options = options;
    this.injectsTraceContext = options.injectTraceContext;
  }

  /** Loads @opentelemetry/api; a topic's sends wait for it (with its schema) before the first is accepted. */
  async ready(): Promise<void> {
    await this.#loaded.get();
  }

  async #load(): Promise<void> {
    let api: Api;
    try {
      api = await import("@opentelemetry/api");
    } catch (cause) {
      throw new ConfigError("tracing", "the @opentelemetry/api package installed (it is optional)", "not loadable", {
        cause,
      });
    }
    const provider = this.#options.tracerProvider ?? api.trace.getTracerProvider();
    try {
      this.#tracer = provider.getTracer(TRACER_NAME) as OtelApi.Tracer;
    } catch (cause) {
      throw new ConfigError("tracing.tracerProvider", "a TracerProvider whose getTracer works", "one that threw", {
        cause,
      });
    }
    this.#api = api;
  }

  /**
   * The W3C trace context of the active context (as `propagation.inject` would write with W3C's
   * propagator, without depending on which propagator is registered); undefined without a valid span.
   */
  traceHeaders(): TraceHeaders | undefined {
    const api = this.#api;
    if (api === undefined) return undefined;
    let spanContext: OtelApi.SpanContext | undefined;
    try {
      spanContext = api.trace.getSpanContext(api.context.active());
    } catch {
      // A broken context manager loses the trace header, never the record.
      return undefined;
    }
    if (spanContext === undefined || !api.isSpanContextValid(spanContext)) return undefined;
    const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, "0");
    const traceparent = `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
    const tracestate = spanContext.traceState?.serialize();
    return tracestate === undefined || tracestate === "" ? { traceparent } : { traceparent, tracestate };
  }

  /** Records the span of one settled batch: from its request being sent to its answer. */
  readonly batchSettled = (outcome: BatchOutcome): void => {
    const api = this.#api;
    const tracer = this.#tracer;
    if (api === undefined || tracer === undefined) return;
    try {
      this.#recordSpan(api, tracer, outcome);
    } catch {
      // Swallowed on purpose: a failing tracer must not stop the producer settling batches and freeing memory.
    }
  };

  #recordSpan(api: Api, tracer: OtelApi.Tracer, outcome: BatchOutcome): void {
    const end = performance.timeOrigin + performance.now();
    const span = tracer.startSpan(`${SEND} ${outcome.topic}`, {
      kind: api.SpanKind.PRODUCER,
      // A batch holds records of many sends: it is no child of whichever context settled it.
      root: true,
      startTime: end - outcome.latencyMs,
      attributes: {
        "messaging.system": "kafka",
        "messaging.operation.type": SEND,
        "messaging.operation.name": SEND,
        "messaging.destination.name": outcome.topic,
        "messaging.destination.partition.id": String(outcome.partition),
        "messaging.batch.message_count": outcome.recordCount,
      },
    });
    const { error } = outcome;
    if (error !== undefined) {
      span.setAttribute("error.type", SdkError.is(error) ? error.code : error.name);
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: error.message });
    }
    span.end(end);
  }
}
