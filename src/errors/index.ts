export { SdkError, type ErrorCode, type SdkErrorOptions } from "./sdk-error.js";
export { ConfigError } from "./config-error.js";
export { InvariantViolation, invariant } from "./invariant.js";
