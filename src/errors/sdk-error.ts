/** Every error code schemakit throws; `code` is the stable discriminant to branch on. */
export type ErrorCode =
  | "CONFIG_INVALID"
  | "REGISTRY_UNAVAILABLE"
  | "REGISTRY_REJECTED"
  | "SCHEMA_INCOMPATIBLE"
  | "SCHEMA_NOT_PREPARED"
  | "SERIALIZATION_FAILED"
  | "WIRE_FORMAT_INVALID"
  | "PARTITION_UNAVAILABLE"
  | "BUFFER_FULL"
  | "PRODUCE_FAILED"
  | "RECORD_TOO_LARGE"
  | "RECORD_INVALID"
  | "PRODUCER_CLOSED"
  | "BROKER_ERROR"
  | "KAFKA_PROTOCOL_INVALID"
  | "CODEGEN_INPUT_INVALID"
  | "CODEGEN_OUTPUT_FAILED"
  | "INVARIANT_VIOLATED";

export interface SdkErrorOptions {
  readonly cause?: unknown;
  readonly retriable?: boolean;
}

// A registered symbol, so `SdkError.is` still recognises errors from a second copy of the package.
const BRAND = Symbol.for("schemakit/SdkError");

/**
 * Base of every error schemakit throws. Subclasses add their context as flat readonly fields
 * (topic, subject, schemaId, ...), which `toJSON` includes.
 */
export abstract class SdkError extends Error {
  abstract override readonly name: string;
  abstract readonly code: ErrorCode;
  readonly retriable: boolean;

  constructor(message: string, options: SdkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retriable = options.retriable ?? false;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static is(value: unknown): value is SdkError {
    return typeof value === "object" && value !== null && BRAND in value;
  }

  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) {
      if (value !== undefined && key !== "cause") json[key] = value;
    }
    json["name"] = this.name;
    json["code"] = this.code;
    json["message"] = this.message;
    if (this.cause !== undefined) json["cause"] = describeCause(this.cause);
    return json;
  }
}

function describeCause(cause: unknown): unknown {
  if (SdkError.is(cause)) return cause.toJSON();
  if (cause instanceof Error) return { name: cause.name, message: cause.message };
  return String(cause);
}
