export { avroPairChecker } from "./avro-pair-checker.js";
export {
  checkAvroReaderWriter,
  type AvroIncompatibility,
  type AvroIncompatibilityType,
  type AvroPairResult,
} from "./avro-reader-writer-check.js";
export {
  parseAvroSchema,
  parseAvroSchemas,
  type AvroField,
  type AvroNamedNode,
  type AvroNode,
  type AvroSchemaSet,
  type AvroSchemaSource,
} from "./avro-schema-graph.js";
