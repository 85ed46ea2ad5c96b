// schemakit/codegen: the programmatic generator API (arrives with the codegen issue).
export { SCHEMAKIT_VERSION } from "./version.js";
