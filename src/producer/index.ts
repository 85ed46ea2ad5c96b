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
  type BatchOutcome,
  type ProducerMetricsSnapshot,
  type TopicMetrics,
} from "./producer-metrics.js";
export { TopicProducer, type SendOptions } from "./topic-producer.js";
export type { Transport, TransportAck, TransportBatch, TransportRecord } from "./transport/transport.js";
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
