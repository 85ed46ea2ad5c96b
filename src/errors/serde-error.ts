import { SdkError, type SdkErrorOptions } from "./sdk-error.js";

/** One field of a record that does not match its schema. */
export interface InvalidField {
  /** Path from the record root: ["lines", "3", "sku"]; empty for the record itself. */
  readonly path: readonly string[];
  /** The schema type expected there, as the schema spells it ("string", "long", "com.acme.Line", ...). */
  readonly expected: string;
  /** The JavaScript type of the value found ("undefined", "number", "string", "Date", ...). */
  readonly actual: string;
}

export interface SerializationContext {
  readonly topic: string;
  readonly subject: string;
  /** Full name of the record type ("com.acme.orders.OrderPlaced"). */
  readonly recordName: string;
  readonly schemaId?: number;
}

/** A value does not match its schema; lists every invalid field, not only the first. */
export class SerializationError extends SdkError {
  override readonly name = "SerializationError";
  readonly code = "SERIALIZATION_FAILED";
  readonly topic: string;
  readonly subject: string;
  readonly recordName: string;
  readonly schemaId: number | undefined;
  readonly invalidFields: readonly InvalidField[];
  /** The path of the first invalid field (`fieldPath`, as every error with a field names it). */
  readonly fieldPath: readonly string[];

  constructor(context: SerializationContext, invalidFields: readonly InvalidField[], options?: SdkErrorOptions) {
    const id = context.schemaId === undefined ? "" : `, schema id ${context.schemaId}`;
    const fields = invalidFields
      .map(
        (field) =>
          `${field.path.length === 0 ? "<record>" : field.path.join(".")}: ` +
          `expected ${field.expected}, got ${field.actual}`,
      )
      .join("; ");
    super(
      `serialize ${context.recordName} for topic "${context.topic}" (subject "${context.subject}"${id}): ` +
        `${invalidFields.length} invalid field${invalidFields.length === 1 ? "" : "s"}: ${fields}`,
      options,
    );
    this.topic = context.topic;
    this.subject = context.subject;
    this.recordName = context.recordName;
    this.schemaId = context.schemaId;
    this.invalidFields = invalidFields;
    this.fieldPath = invalidFields[0]?.path ?? [];
  }
}

/** Bytes that are not in the Confluent wire format (bad magic byte, truncated header or indexes). */
export class WireFormatError extends SdkError {
  override readonly name = "WireFormatError";
  readonly code = "WIRE_FORMAT_INVALID";

  constructor(
    readonly topic: string | undefined,
    readonly byteLength: number,
    detail: string,
    options?: SdkErrorOptions,
  ) {
    super(
      `read wire format${topic === undefined ? "" : ` for topic "${topic}"`} (${byteLength} bytes): ${detail}`,
      options,
    );
  }
}

/** serialize() ran before prepare() resolved for that topic: a programming error. */
export class SchemaNotPreparedError extends SdkError {
  override readonly name = "SchemaNotPreparedError";
  readonly code = "SCHEMA_NOT_PREPARED";

  constructor(
    readonly topic: string,
    readonly recordName: string,
  ) {
    super(`serialize ${recordName} for topic "${topic}": prepare() has not resolved for this topic yet`);
  }
}
