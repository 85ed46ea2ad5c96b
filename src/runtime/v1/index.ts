// schemakit/runtime/v1: the only module generated code imports; never changed incompatibly (v2 instead).
export { defineAvroEnum } from "./define-avro-enum.js";
export { defineAvroFixed } from "./define-avro-fixed.js";
export { defineAvroRecord, type AvroRecordDefinition } from "./define-avro-record.js";
export {
  defineTopic,
  type BoundRecordClass,
  type KeyFieldOf,
  type PartitionerName,
  type SubjectNameStrategyName,
  type TopicBinding,
  type TopicBindingDefinition,
  type TopicKey,
} from "./define-topic.js";
export type { NamedTypeDefinition } from "./named-type-base.js";
export { isPlainObject, mapValues, pickRecord, type RecordClass } from "./record-helpers.js";
export type {
  AnyAvroNamedType,
  AnyAvroRecordType,
  AvroEnumType,
  AvroFixedType,
  AvroNamedType,
  AvroRecordType,
  LongMode,
} from "./types.js";
