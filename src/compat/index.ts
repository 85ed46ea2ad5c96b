// The schema compatibility engine: levels, the format-neutral result types, the Avro and Protobuf rules.
export { avroPairChecker, checkAvroReaderWriter, parseAvroSchema, parseAvroSchemas } from "./avro/index.js";
export type {
  AvroField,
  AvroIncompatibility,
  AvroIncompatibilityType,
  AvroNamedNode,
  AvroNode,
  AvroPairResult,
  AvroSchemaSet,
  AvroSchemaSource,
} from "./avro/index.js";
export {
  CONFLUENT_COMPATIBLE_CHANGES,
  checkProtobufReaderWriter,
  confluentDifferences,
  PROTOBUF_RULE_SETS,
  protobufPairChecker,
  protobufSchemaOf,
  strictDifferences,
} from "./protobuf/index.js";
export type {
  ConfluentDifferenceType,
  ProtobufDifference,
  ProtobufRuleSet,
  ProtobufSchema,
  ProtoDeclaredType,
  ProtoEnum,
  ProtoField,
  ProtoFieldType,
  ProtoLabel,
  ProtoMessage,
  ProtoMethod,
  ProtoService,
  StrictRuleType,
} from "./protobuf/index.js";
export { checkCompatibility, type CompatibilityCheckInput, type SchemaVersion } from "./check-compatibility.js";
export {
  COMPATIBILITY_LEVELS,
  comparisonsFor,
  DEFAULT_COMPATIBILITY_LEVEL,
  parseCompatibilityLevel,
  type CheckDirection,
  type CompatibilityLevel,
  type Comparison,
} from "./compatibility-level.js";
export {
  createCompatibilityReport,
  toCompatibilityReportJson,
  type CompatibilityReport,
  type CompatibilityReportJson,
  type CompatibilityResult,
  type Incompatibility,
} from "./compatibility-result.js";
export type { PairIncompatibility, SchemaPairChecker } from "./schema-pair-checker.js";
