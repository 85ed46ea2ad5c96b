// schemakit/runtime/v1: the only module generated code imports; never changed incompatibly (v2 instead).
// A thin face: the descriptors live in the schema floor, topic bindings in the producer. The descriptor
// types keep the names generated code has always used.
export {
  defineAvroEnum,
  defineAvroFixed,
  defineAvroRecord,
  defineProtobufFile,
  defineProtobufMessage,
  type AnyAvroNamedDesc as AnyAvroNamedType,
  type AnyAvroRecordDesc as AnyAvroRecordType,
  type AvroEnumDesc as AvroEnumType,
  type AvroFixedDesc as AvroFixedType,
  type AvroNamedDesc as AvroNamedType,
  type AvroRecordDefinition,
  type AvroRecordDesc as AvroRecordType,
  type LongMode,
  type NamedTypeDefinition,
  timestampFromDate,
  timestampFromEpochNanos,
  timestampToDate,
  timestampToEpochNanos,
  type TimestampFields,
  type ProtobufFileDesc as ProtobufFileType,
  type ProtobufMessageDesc as ProtobufMessageType,
  type ProtobufUnknownField,
} from "../../schema/index.js";
export {
  defineTopic,
  type BoundRecordClass,
  type KeyFieldOf,
  type PartitionerName,
  type SubjectNameStrategyName,
  type TopicBinding,
  type TopicBindingDefinition,
  type TopicKey,
} from "../../producer/topic-binding.js";
export { isPlainObject, mapValues, pickRecord, type RecordClass } from "./record-helpers.js";
