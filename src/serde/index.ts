// schemakit/serde: the Confluent wire format and the serializers.
export { createDeserializer, createSerializer } from "./create-serde.js";
export type { PreparedTopicSchema, RecordSerializer } from "./record-serializer.js";
export {
  ProtobufDeserializer,
  ProtobufSerializer,
  type PreparedProtobufSchema,
  type ProtobufDeserializerOptions,
  type ProtobufSerializerOptions,
} from "./protobuf/index.js";
export {
  AvroDeserializer,
  AvroSerializer,
  parsingCanonicalForm,
  parsingFingerprint64,
  type AvroDeserializerOptions,
  type AvroSerializerOptions,
  type PreparedSchema,
} from "./avro/index.js";
export {
  SERIALIZER_DEFAULTS,
  resolveDeserializerOptions,
  resolveSerializerOptions,
  type DeserializerOptions,
  type ResolvedDeserializerOptions,
  type ResolvedSerializerOptions,
  type SchemaSelection,
  type SerializerOptions,
} from "./serde-options.js";
export type { ValueEncoder } from "./value-encoder.js";
export {
  HEADER_SIZE,
  MAGIC_BYTE,
  encodeHeader,
  messageIndexesSize,
  readHeader,
  readSchemaId,
  writeHeader,
  type WireHeader,
} from "./wire-format.js";
export {
  recordNameStrategy,
  resolveSubjectNameStrategy,
  topicNameStrategy,
  topicRecordNameStrategy,
  type SubjectNameFunction,
  type SubjectNameStrategy,
} from "./subject-name-strategy.js";
