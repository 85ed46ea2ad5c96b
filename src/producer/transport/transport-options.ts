import type { ConnectionOptions } from "node:tls";
import type { BatchRetry } from "./transport.js";

/** The transports schemakit ships: its own produce path, and kafkajs. */
export const TRANSPORT_NAMES = ["wire", "kafkajs"] as const;
export type TransportName = (typeof TRANSPORT_NAMES)[number];

/** Compression of record batches. */
export type CompressionName = "none" | "gzip" | "snappy" | "lz4" | "zstd";

/** The compressions, in the order options list them. */
export const COMPRESSION_NAMES: readonly CompressionName[] = ["none", "gzip", "snappy", "lz4", "zstd"];

/** SASL credentials for the brokers. */
export interface SaslOptions {
  readonly mechanism: "plain" | "scram-sha-256" | "scram-sha-512";
  readonly username: string;
  readonly password: string;
}

/** What a transport needs of the producer's options: how to reach the brokers and how to produce. */
export interface TransportOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly tls: boolean | ConnectionOptions | undefined;
  readonly sasl: SaslOptions | undefined;
  readonly requestTimeoutMs: number;
  readonly acks: 0 | 1 | "all";
  readonly retries: number;
  readonly retryBackoffMs: number;
  readonly idempotent: boolean;
  readonly compression: CompressionName;
  /** How often the client's own view of partitions and leaders is refreshed. */
  readonly metadataMaxAgeMs: number;
  /** How long one batch may take, retries included, before it fails. */
  readonly deliveryTimeoutMs: number;
  /** A produce request collects batches for one broker up to about this many bytes. */
  readonly maxRequestSizeBytes: number;
  /** Told of every batch retry (producer metrics and the retry channel); must not throw. */
  readonly onRetry?: ((retry: BatchRetry) => void) | undefined;
}
