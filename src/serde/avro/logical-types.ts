import avsc from "avsc";
import { UUID_TEXT, uuidText } from "../../schema/index.js";
import { DecimalLogicalType } from "./decimal-logical-type.js";

// Logical types mapped to the JavaScript value a TypeScript user expects, each one exact both ways.
// `_toValue` answering undefined makes avsc report the field as invalid (with its path) instead of
// writing something else. A logical writer hands its own converted value to a reader's `_resolve`
// function; a plain writer hands the underlying value.

/** timestamp-millis ↔ Date, exact to the millisecond; the underlying long follows the long mode. */
class TimestampMillisType extends avsc.types.LogicalType {
  // In bigint long mode the underlying long takes and returns bigint.
  readonly #bigintLongs = this.underlyingType.isValid(0n);

  protected override _fromValue(millis: number | bigint): Date {
    return new Date(Number(millis));
  }

  protected override _toValue(value: unknown): number | bigint | undefined {
    if (!(value instanceof Date)) return undefined;
    const millis = value.getTime();
    if (Number.isNaN(millis)) return undefined;
    return this.#bigintLongs ? BigInt(millis) : millis;
  }

  protected override _resolve(writer: avsc.Type): ((value: never) => Date) | undefined {
    if (writer instanceof TimestampMillisType) return (value: Date) => value;
    // Avro's promotion rules let an int be read as a long.
    if (avsc.Type.isType(writer, "long", "int")) return (value: number | bigint) => this._fromValue(value);
    return undefined;
  }
}

/** uuid ↔ its text form; on string (as written) or fixed(16) (the 16 bytes, Avro 1.12). */
class UuidType extends avsc.types.LogicalType {
  readonly #fixed: boolean;

  constructor(schema: avsc.Schema, opts?: unknown) {
    super(schema, opts);
    const { size } = schema as { size?: unknown };
    this.#fixed = this.underlyingType.typeName === "fixed";
    if (this.#fixed ? size !== 16 : this.underlyingType.typeName !== "string")
      throw new Error("uuid: underlying type must be string or fixed(16)");
  }

  protected override _fromValue(value: string | Buffer): string {
    return typeof value === "string" ? value : uuidText(value);
  }

  protected override _toValue(value: unknown): string | Buffer | undefined {
    if (typeof value !== "string" || !UUID_TEXT.test(value)) return undefined;
    return this.#fixed ? Buffer.from(value.replaceAll("-", ""), "hex") : value;
  }

  protected override _resolve(writer: avsc.Type): ((value: never) => string) | undefined {
    if (writer instanceof UuidType || writer.typeName === "string") return (value: string) => value;
    if (writer.typeName === "fixed" && (writer as avsc.Type & { size?: number }).size === 16)
      return (value: Buffer) => uuidText(value);
    return undefined;
  }
}

/**
 * The logical types schemakit maps, for avsc's `logicalTypes` option: timestamp-millis ↔ Date,
 * decimal ↔ decimal string ("12.30", never a float), uuid ↔ string (validated). The others keep their
 * underlying value: date (days since the epoch) and time-millis as numbers; time-micros, timestamp-micros
 * and the local-timestamp types as longs (a Date cannot hold microseconds, and a local timestamp is not an
 * instant); duration as its 12 bytes.
 */
export const LOGICAL_TYPES: Readonly<
  Record<string, new (schema: avsc.Schema, opts?: unknown) => avsc.types.LogicalType>
> = Object.freeze({
  "timestamp-millis": TimestampMillisType,
  decimal: DecimalLogicalType,
  uuid: UuidType,
});
