// schemakit/codegen: the programmatic generator API.
export {
  CODEGEN_DEFAULTS,
  resolveCodegenConfig,
  type CodegenConfig,
  type CodegenConfigFile,
} from "./config/codegen-config.js";
export type { TopicConfig } from "./emit/emit-topics.js";
export type { ReferenceMode } from "./emit/registered-schema.js";
export { generate, type GeneratedFile, type GenerateOptions, type GenerateResult } from "./generate.js";
export { findSchemaFiles, loadSchemaFile, SCHEMA_EXTENSIONS } from "./load/load-schema-files.js";
export type { LoadedSchemaFile } from "./model/build-avro-model.js";
export { SCHEMAKIT_VERSION } from "./version.js";
