// The curated public surface: named re-exports only.
export {
  BufferFullError,
  InvalidRecordError,
  PartitionError,
  ProduceError,
  ProducerClosedError,
  RecordTooLargeError,
  CodegenInputError,
  CodegenOutputError,
  ConfigError,
  InvariantViolation,
  RegistryError,
  RegistryRejectedError,
  RegistryUnavailableError,
  SchemaIncompatibleError,
  SchemaNotPreparedError,
  SdkError,
  SerializationError,
  WireFormatError,
  type ErrorCode,
  type InvalidField,
  type SdkErrorOptions,
} from "./errors/index.js";
export {
  AvroDeserializer,
  AvroSerializer,
  createDeserializer,
  createSerializer,
  type AvroDeserializerOptions,
  type AvroSerializerOptions,
  type PreparedSchema,
  type SubjectNameStrategy,
} from "./serde/index.js";
export {
  defineAvroRecord,
  type AvroRecordDesc,
  /** @deprecated the name before descriptors had their own floor; use AvroRecordDesc. */
  type AvroRecordDesc as AvroRecordType,
} from "./schema/index.js";
export {
  REGISTRY_CHANNEL,
  SchemaRegistry,
  type CompatibilityLevel,
  type RegistryClient,
  type SchemaRegistryConstructorOptions,
  type SchemaRegistryOptions,
} from "./registry/index.js";
export {
  consistentHash,
  createProducer,
  Producer,
  TopicProducer,
  type CompressionName,
  type Partitioner,
  type PartitionerFunction,
  type ProducerOptions,
  BATCH_CHANNEL,
  PRODUCE_ERROR_CHANNEL,
  type BatchOutcome,
  type ProducerMetricsSnapshot,
  type RecordMetadata,
  type SendOptions,
  type TopicOptions,
} from "./producer/index.js";
export { defineTopic, type TopicBinding } from "./producer/topic-binding.js";
