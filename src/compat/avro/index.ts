export { avroPairChecker } from "./avro-pair-checker.js";
export {
  checkAvroReaderWriter,
  type AvroIncompatibility,
  type AvroIncompatibilityType,
  type AvroPairResult,
} from "./avro-reader-writer-check.js";
export type { AvroField, AvroNamedNode, AvroNode } from "./avro-nodes.js";
export {
  parseAvroSchema,
  parseAvroSchemas,
  type AvroSchemaSet,
  type AvroSchemaSource,
} from "./avro-schema-graph.js";
