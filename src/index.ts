// The curated public surface: named re-exports only.
export { SdkError, ConfigError, InvariantViolation, type ErrorCode, type SdkErrorOptions } from "./errors/index.js";
