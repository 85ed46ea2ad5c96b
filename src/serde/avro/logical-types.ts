import avsc from "avsc";

/** timestamp-millis ↔ Date: the value a TypeScript user expects, exact to the millisecond. */
class TimestampMillisType extends avsc.types.LogicalType {
  protected override _fromValue(value: number | bigint): Date {
    return new Date(Number(value));
  }

  protected override _toValue(value: unknown): number | undefined {
    // undefined makes avsc report the value as invalid (with its path) rather than write garbage.
    return value instanceof Date && !Number.isNaN(value.getTime()) ? value.getTime() : undefined;
  }

  protected override _resolve(type: avsc.Type): ((value: number) => Date) | undefined {
    if (avsc.Type.isType(type, "long", "int", "logical:timestamp-millis")) return (value) => this._fromValue(value);
    return undefined;
  }
}

/**
 * The logical types mapped to JavaScript values. Others keep their underlying representation
 * (decimal: Buffer of the unscaled two's-complement integer, never a float; uuid: string).
 */
export const LOGICAL_TYPES: Readonly<Record<string, new (schema: avsc.Schema, opts?: unknown) => avsc.types.LogicalType>> =
  Object.freeze({ "timestamp-millis": TimestampMillisType });
