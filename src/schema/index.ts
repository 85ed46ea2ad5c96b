// The format-neutral schema floor: descriptors and their builders, which serde, producer, codegen and the
// generated code's runtime face all stand on. Nothing heavy lives here (no avsc, no Kafka client).
export type {
  AnyAvroNamedDesc,
  AnyAvroRecordDesc,
  AvroEnumDesc,
  AvroFixedDesc,
  AvroNamedDesc,
  AvroRecordDesc,
  LongMode,
} from "./avro/avro-descriptors.js";
export type { NamedTypeDefinition } from "./avro/avro-named-desc.js";
export { defineAvroEnum } from "./avro/define-avro-enum.js";
export { defineAvroFixed } from "./avro/define-avro-fixed.js";
export { defineAvroRecord, type AvroRecordDefinition } from "./avro/define-avro-record.js";
export { descriptorOf, type SchemaTypeSource } from "./descriptor-of.js";
export { decimalText, readTwosComplement, UUID_TEXT, uuidText } from "./logical-text.js";
export { defineProtobufFile, type ProtobufFileDefinition } from "./protobuf/define-protobuf-file.js";
export { defineProtobufMessage, type ProtobufMessageDefinition } from "./protobuf/define-protobuf-message.js";
export {
  timestampFromDate,
  timestampFromEpochNanos,
  timestampToDate,
  timestampToEpochNanos,
  type TimestampFields,
} from "./protobuf/timestamp-conversions.js";
export type {
  AnyProtobufMessageDesc,
  ProtobufFileDesc,
  ProtobufMessageDesc,
  ProtobufUnknownField,
} from "./protobuf/protobuf-descriptors.js";
export { qualifyName } from "./qualified-name.js";
export { RUNTIME_MODULE } from "./runtime-module.js";
