// schemakit/producer: the typed producer, its partitioners and its transport seam.
export { createProducer, Producer, PRODUCE_ERROR_CHANNEL, type TopicOptions } from "./producer.js";
export {
  PRODUCER_DEFAULTS,
  resolveProducerOptions,
  type CompressionName,
  type ProducerOptions,
  type ResolvedProducerOptions,
  type SaslOptions,
} from "./producer-options.js";
export type { RecordMetadata } from "./record-metadata.js";
export {
  BATCH_CHANNEL,
  RETRY_CHANNEL,
  type BatchOutcome,
  type BatchRetry,
  type RetryErrorInfo,
  type ProducerMetricsSnapshot,
  type TopicMetrics,
} from "./producer-metrics.js";
export { TopicProducer, type SendOptions } from "./topic-producer.js";
export type { TracerProviderLike, TracingOptions } from "./tracing.js";
export type {
  BatchBuilder,
  Transport,
  TransportAck,
  TransportBatch,
  TransportRecord,
} from "./transport/transport.js";
export { RecordList } from "./transport/record-list.js";
export { registerCompressionCodecs, type KafkajsCompression } from "./transport/compression-codecs.js";
export {
  consistentHash,
  jumpConsistentHash,
  murmur2,
  resolvePartitioner,
  roundRobin,
  sticky,
  toPositive,
  type Partitioner,
  type PartitionerFunction,
  type PartitionerName,
  type PartitionerSpec,
  type PartitionInput,
} from "./partitioners/index.js";
