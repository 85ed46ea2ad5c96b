// schemakit/runtime/v1: the only module generated code imports; never changed incompatibly (v2 instead).
export { defineAvroRecord, type AvroRecordDefinition } from "./define-avro-record.js";
export type { AnyAvroRecordType, AvroRecordType, LongMode } from "./types.js";
