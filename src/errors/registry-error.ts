import { SdkError, type ErrorCode, type SdkErrorOptions } from "./sdk-error.js";

/** Where a registry call went; credentials never appear in `url` (userinfo and query are stripped). */
export interface RegistryErrorContext {
  readonly method: string;
  readonly url: string;
  /** HTTP status; undefined when no answer arrived (network error, timeout). */
  readonly status?: number;
  /** The registry's `error_code` (40401, 42201, 409, ...); undefined when the body had none. */
  readonly registryErrorCode?: number;
  readonly subject?: string;
  readonly version?: number | string;
  readonly schemaId?: number;
}

/** Base of the three registry failures; `code` says which, `retriable` whether a retry may help. */
export abstract class RegistryError extends SdkError {
  abstract override readonly code: Extract<
    ErrorCode,
    "REGISTRY_UNAVAILABLE" | "REGISTRY_REJECTED" | "SCHEMA_INCOMPATIBLE"
  >;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly registryErrorCode: number | undefined;
  readonly subject: string | undefined;
  readonly version: number | string | undefined;
  readonly schemaId: number | undefined;

  constructor(context: RegistryErrorContext, detail: string, options?: SdkErrorOptions) {
    super(`${context.method} ${context.url}${describeContext(context)}: ${detail}`, options);
    this.method = context.method;
    this.url = context.url;
    this.status = context.status;
    this.registryErrorCode = context.registryErrorCode;
    this.subject = context.subject;
    this.version = context.version;
    this.schemaId = context.schemaId;
  }
}

/** No usable answer: network failure, timeout, HTTP 408, 425, 429 or 5xx. Retriable. */
export class RegistryUnavailableError extends RegistryError {
  override readonly name = "RegistryUnavailableError";
  readonly code = "REGISTRY_UNAVAILABLE";

  constructor(context: RegistryErrorContext, detail: string, options: { cause?: unknown } = {}) {
    super(context, detail, { ...options, retriable: true });
  }
}

/**
 * The registry refused (40401 subject not found, 42201 invalid schema, a 409 with 40405/40407 "soft delete
 * first", ...).
 */
export class RegistryRejectedError extends RegistryError {
  override readonly name = "RegistryRejectedError";
  readonly code = "REGISTRY_REJECTED";
}

/** HTTP 409 with error_code 409, 40901 or none: the schema is incompatible with the subject's earlier versions. */
export class SchemaIncompatibleError extends RegistryError {
  override readonly name = "SchemaIncompatibleError";
  readonly code = "SCHEMA_INCOMPATIBLE";
}

function describeContext(context: RegistryErrorContext): string {
  const parts: string[] = [];
  if (context.subject !== undefined) parts.push(`subject "${context.subject}"`);
  if (context.version !== undefined) parts.push(`version ${context.version}`);
  if (context.schemaId !== undefined) parts.push(`schema id ${context.schemaId}`);
  if (context.status !== undefined) parts.push(`HTTP ${context.status}`);
  if (context.registryErrorCode !== undefined) parts.push(`error code ${context.registryErrorCode}`);
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
}
