// The schema compatibility engine: levels, the format-neutral result types, and the Avro rules.
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
