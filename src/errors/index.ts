export { SdkError, type ErrorCode, type SdkErrorOptions } from "./sdk-error.js";
export { BrokerError, KafkaProtocolError, type BrokerErrorContext } from "./broker-error.js";
export { CodegenInputError, CodegenOutputError, type CodegenInputContext } from "./codegen-error.js";
export { ConfigError } from "./config-error.js";
export { InvariantViolation, invariant } from "./invariant.js";
export {
  BufferFullError,
  InvalidRecordError,
  PartitionError,
  ProduceError,
  ProducerClosedError,
  RecordTooLargeError,
} from "./producer-error.js";
export {
  RegistryError,
  RegistryRejectedError,
  RegistryUnavailableError,
  SchemaIncompatibleError,
  type RegistryErrorContext,
} from "./registry-error.js";
export {
  SchemaNotPreparedError,
  SerializationError,
  WireFormatError,
  type InvalidField,
  type SerializationContext,
} from "./serde-error.js";
