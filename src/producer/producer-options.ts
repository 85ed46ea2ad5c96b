import type { ConnectionOptions } from "node:tls";
import { ConfigError } from "../errors/index.js";
import { SYSTEM_CLOCK, type Clock } from "../internal/clock.js";
import type { RegistryClient } from "../registry/registry-client.js";
import { resolveTracingOptions, type ResolvedTracingOptions, type TracingOptions } from "./tracing.js";
import type { Transport } from "./transport/transport.js";
import { TRANSPORT_NAMES, type TransportName } from "./transport/transport-options.js";
import {
  COMPRESSION_NAMES,
  type CompressionName,
  type SaslOptions,
  type TransportOptions,
} from "./transport/transport-options.js";

export type { CompressionName, SaslOptions };

/**
 * Options of `createProducer`. Defaults follow Java's KafkaProducer where it has the same setting
 * (linger.ms, buffer.memory, max.block.ms, max.request.size, delivery.timeout.ms); batch size is larger.
 */
export interface ProducerOptions {
  /** Bootstrap brokers, "host:port". Required unless `transport` is given. */
  readonly brokers?: readonly string[];
  /** The Schema Registry serializers register and look up schemas in. */
  readonly registry: RegistryClient;
  /** The client id the brokers see in every request; default "schemakit". */
  readonly clientId?: string;
  /** TLS to the brokers: true, or node:tls options (CA, client certificate). Default off. */
  readonly tls?: boolean | ConnectionOptions;
  readonly sasl?: SaslOptions;
  /** How long a partition's batch waits for more records before it is sent; default 5 ms (Java 3.x). */
  readonly lingerMs?: number;
  /**
   * A partition's batch is sent when it reaches this many bytes of records; default 262,144. Java's
   * default is 16,384, but fewer, larger requests measured faster on both transports (docs/producer.md).
   */
  readonly batchSizeBytes?: number;
  /** Bytes of records buffered and in flight, at most; default 32 MiB (Java). Beyond it, send waits. */
  readonly bufferMemoryBytes?: number;
  /** How long a send waits for buffer memory before it rejects with BufferFullError; default 60,000 ms. */
  readonly maxBlockMs?: number;
  /** A record bigger than this rejects alone with RecordTooLargeError; batches stay below it; default 1 MiB. */
  readonly maxRequestSizeBytes?: number;
  /** A record not sent within this time after send() rejects (ProduceError, timed out); default 120,000 ms. */
  readonly deliveryTimeoutMs?: number;
  /** How long the transport waits for a broker's answer to one request; default 30,000 ms. */
  readonly requestTimeoutMs?: number;
  /** 0 (no acknowledgement; offsets are "-1"), 1 (the leader) or "all" (every in-sync replica, default). */
  readonly acks?: 0 | 1 | "all";
  /**
   * At most this many retries of a failed produce request; default unbounded (Java's MAX_INT): a record is
   * retried until deliveryTimeoutMs has passed, however many attempts that takes.
   */
  readonly retries?: number;
  /** First retry backoff, doubled for each later retry up to 1 s (±20%); default 100 ms. */
  readonly retryBackoffMs?: number;
  /**
   * The idempotent producer (no duplicates on retry, per-partition order kept); needs acks "all". Default:
   * on with acks "all", off otherwise (Java's default since 3.0, and its rule when acks is set lower).
   */
  readonly idempotent?: boolean;
  readonly compression?: CompressionName;
  /** Partition counts are refreshed this often (a topic that grows is seen); default 300,000 ms (Java). */
  readonly metadataMaxAgeMs?: number;
  /** Called with every failed send, awaited or not; never throws into the producer. */
  readonly onError?: (error: Error) => void;
  /**
   * How records reach Kafka: "wire" (default), schemakit's own produce path (Java's delivery rules, up to
   * 5 requests in flight per partition with idempotence), or "kafkajs"; or a Transport of one's own (tests,
   * another client), with which `brokers` and the connection options are unused.
   */
  readonly transport?: TransportName | Transport;
  /** Time source for linger, max block and delivery timeouts; default the system clock. */
  readonly clock?: Clock;
  /**
   * OpenTelemetry tracing (off by default): a PRODUCER span per batch and, with `injectTraceContext`, W3C
   * trace context in record headers. Needs the optional peer dependency @opentelemetry/api.
   */
  readonly tracing?: TracingOptions;
}

export interface ResolvedProducerOptions extends TransportOptions {
  readonly registry: RegistryClient;
  readonly lingerMs: number;
  readonly batchSizeBytes: number;
  readonly bufferMemoryBytes: number;
  readonly maxBlockMs: number;
  readonly maxRequestSizeBytes: number;
  readonly onError: ((error: Error) => void) | undefined;
  readonly transport: TransportName | Transport;
  readonly clock: Clock;
  readonly tracing: ResolvedTracingOptions | undefined;
}

export const PRODUCER_DEFAULTS = Object.freeze({
  clientId: "schemakit",
  lingerMs: 5,
  batchSizeBytes: 256 * 1024,
  bufferMemoryBytes: 32 * 1024 * 1024,
  maxBlockMs: 60_000,
  maxRequestSizeBytes: 1024 * 1024,
  deliveryTimeoutMs: 120_000,
  requestTimeoutMs: 30_000,
  acks: "all" as const,
  retries: Number.MAX_SAFE_INTEGER,
  retryBackoffMs: 100,
  compression: "none" as CompressionName,
  metadataMaxAgeMs: 300_000,
});

const COMPRESSIONS: readonly string[] = COMPRESSION_NAMES;

/** Validates producer options once; errors name the option. */
export function resolveProducerOptions(options: ProducerOptions): ResolvedProducerOptions {
  if (typeof options !== "object" || options === null) throw new ConfigError("options", "an options object", options);
  const count = (name: keyof typeof PRODUCER_DEFAULTS & keyof ProducerOptions, min: number): number => {
    const value = options[name] ?? PRODUCER_DEFAULTS[name];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min)
      throw new ConfigError(name, `an integer >= ${min}`, value);
    return value;
  };
  const brokers = options.brokers ?? [];
  if (options.transport === undefined || typeof options.transport === "string") checkBrokers(brokers);
  const acks = options.acks ?? PRODUCER_DEFAULTS.acks;
  if (acks !== 0 && acks !== 1 && acks !== "all") throw new ConfigError("acks", '0, 1 or "all"', acks);
  const idempotent = options.idempotent ?? acks === "all";
  if (typeof idempotent !== "boolean") throw new ConfigError("idempotent", "true or false", idempotent);
  if (idempotent && acks !== "all")
    throw new ConfigError("acks", '"all" when idempotent is true (as Java requires)', acks);
  const compression = options.compression ?? PRODUCER_DEFAULTS.compression;
  if (!COMPRESSIONS.includes(compression))
    throw new ConfigError("compression", COMPRESSIONS.map((name) => JSON.stringify(name)).join(", "), compression);
  const registry = options.registry as Partial<RegistryClient> | undefined;
  if (typeof registry !== "object" || registry === null || typeof registry.register !== "function") {
    throw new ConfigError("registry", "a RegistryClient (e.g. new SchemaRegistry({ url }))", options.registry);
  }
  const batchSizeBytes = count("batchSizeBytes", 1);
  const maxRequestSizeBytes = count("maxRequestSizeBytes", 1);
  const bufferMemoryBytes = count("bufferMemoryBytes", 1);
  if (bufferMemoryBytes < maxRequestSizeBytes)
    throw new ConfigError(
      "bufferMemoryBytes",
      `at least maxRequestSizeBytes (${maxRequestSizeBytes})`,
      bufferMemoryBytes,
    );
  checkSasl(options.sasl);
  const tls = options.tls;
  if (tls !== undefined && typeof tls !== "boolean" && (typeof tls !== "object" || tls === null))
    throw new ConfigError("tls", "true, false or node:tls connection options", `a ${typeof tls}`);
  if (options.onError !== undefined && typeof options.onError !== "function")
    throw new ConfigError("onError", "a function", options.onError);
  return {
    brokers,
    registry: options.registry,
    clientId: options.clientId ?? PRODUCER_DEFAULTS.clientId,
    tls: options.tls,
    sasl: options.sasl,
    lingerMs: count("lingerMs", 0),
    batchSizeBytes,
    bufferMemoryBytes,
    maxBlockMs: count("maxBlockMs", 0),
    maxRequestSizeBytes,
    deliveryTimeoutMs: count("deliveryTimeoutMs", 1),
    requestTimeoutMs: count("requestTimeoutMs", 1),
    acks,
    retries: count("retries", 0),
    retryBackoffMs: count("retryBackoffMs", 0),
    idempotent,
    compression,
    metadataMaxAgeMs: count("metadataMaxAgeMs", 1),
    onError: options.onError,
    transport: resolveTransport(options.transport),
    clock: options.clock ?? SYSTEM_CLOCK,
    tracing: resolveTracingOptions(options.tracing),
  };
}

const SASL_MECHANISMS: readonly string[] = ["plain", "scram-sha-256", "scram-sha-512"];

// Described, never echoed: any of these may be the password put in the wrong place.
function checkSasl(sasl: SaslOptions | undefined): void {
  if (sasl === undefined) return;
  if (typeof sasl !== "object" || sasl === null)
    throw new ConfigError("sasl", "{ mechanism, username, password }", sasl === null ? "null" : `a ${typeof sasl}`);
  if (!SASL_MECHANISMS.includes(sasl.mechanism))
    throw new ConfigError(
      "sasl.mechanism",
      SASL_MECHANISMS.map((name) => JSON.stringify(name)).join(", "),
      "another value",
    );
  if (typeof sasl.username !== "string" || sasl.username === "")
    throw new ConfigError("sasl.username", "a non-empty string", `a ${typeof sasl.username}`);
  if (typeof sasl.password !== "string")
    throw new ConfigError("sasl.password", "a string", `a ${typeof sasl.password}`);
}

function checkBrokers(brokers: readonly string[]): void {
  if (!Array.isArray(brokers) || brokers.length === 0)
    throw new ConfigError("brokers", 'a non-empty list of "host:port"', Array.isArray(brokers) ? "[]" : typeof brokers);
  brokers.forEach((broker: unknown, index) => {
    // Userinfo ("user:password@host:9092") is not an address: refused, and not echoed.
    if (typeof broker !== "string" || !/^[^\s@/]+:\d+$/.test(broker)) {
      const shown =
        typeof broker !== "string" ? typeof broker : broker.includes("@") ? "an entry with userinfo" : broker;
      throw new ConfigError(`brokers[${index}]`, '"host:port"', shown);
    }
  });
}

function resolveTransport(transport: ProducerOptions["transport"]): TransportName | Transport {
  if (transport === undefined) return "wire";
  if (typeof transport === "string") {
    if ((TRANSPORT_NAMES as readonly string[]).includes(transport)) return transport;
  } else if (typeof transport === "object" && transport !== null && typeof transport.send === "function") {
    return transport;
  }
  throw new ConfigError(
    "transport",
    `${TRANSPORT_NAMES.map((name) => `"${name}"`).join(", ")} or a Transport`,
    transport,
  );
}
