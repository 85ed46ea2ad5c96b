// schemakit/serde: the Confluent wire format and the serializers.
export { createDeserializer, createSerializer } from "./create-serde.js";
export {
  AvroDeserializer,
  AvroSerializer,
  type AvroDeserializerOptions,
  type AvroSerializerOptions,
  type PreparedSchema,
} from "./avro/index.js";
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
