export { codegenSchemas } from "./codegen-input.js";
export { AvroIdlError, type SourcePosition } from "./idl-errors.js";
export { type IdlDocument, MAX_IMPORT_DEPTH, type ReadFile, readIdlFile, readProtocolFile } from "./idl-reader.js";
export { MAX_NESTING_DEPTH } from "./idl-parser.js";
export { toJavaJson } from "./java-output.js";
