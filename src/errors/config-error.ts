import { SdkError, type SdkErrorOptions } from "./sdk-error.js";

/** An option has an invalid value; names the option's path and what it accepts. */
export class ConfigError extends SdkError {
  override readonly name = "ConfigError";
  readonly code = "CONFIG_INVALID";

  constructor(
    readonly option: string,
    readonly expected: string,
    readonly actual: unknown,
    options?: SdkErrorOptions,
  ) {
    super(`invalid option "${option}": expected ${expected}, got ${describeValue(actual)}`, options);
  }
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || value === undefined || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}
