import { SdkError, type SdkErrorOptions } from "./sdk-error.js";

/** What a ConfigError keeps of the value it refused: a primitive, or a description of anything else. */
export type ConfigValueDescription = string | number | boolean | bigint | symbol | null | undefined;

// Longer strings are described, not echoed: a PEM key, a token or a whole URL put in the wrong option.
const ECHOED_STRING_CHARS = 64;

/**
 * An option has an invalid value; names the option's path and what it accepts. `actual` is never the
 * caller's object (options objects hold credentials): objects, arrays, functions and long or multi-line
 * strings are kept as a description only. Call sites that may hold a credential pass a description.
 */
export class ConfigError extends SdkError {
  override readonly name = "ConfigError";
  readonly code = "CONFIG_INVALID";
  readonly actual: ConfigValueDescription;

  constructor(
    readonly option: string,
    readonly expected: string,
    actual: unknown,
    options?: SdkErrorOptions,
  ) {
    const kept = keepable(actual);
    super(
      `invalid option "${option}": expected ${expected}, got ${kept === actual ? describeValue(kept) : String(kept)}`,
      options,
    );
    this.actual = kept;
  }
}

function keepable(value: unknown): ConfigValueDescription {
  if (typeof value === "string") {
    return value.length > ECHOED_STRING_CHARS || /[\r\n]/.test(value)
      ? `a string of ${value.length} characters`
      : value;
  }
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object" && value !== null) return "an object";
  return value as ConfigValueDescription;
}

function describeValue(value: ConfigValueDescription): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
