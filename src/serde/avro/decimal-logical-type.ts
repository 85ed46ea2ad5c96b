import avsc from "avsc";
import { decimalText, readTwosComplement } from "../../schema/index.js";

// Avro `decimal` (bytes or fixed holding the unscaled value as a big-endian two's-complement integer,
// Avro specification "Decimal") as a decimal string: "-12.30" for scale 2. A string is exact at any
// precision, reads like Java's BigDecimal.toPlainString(), and goes into any decimal library; a JS number
// would silently round, so numbers are refused.

const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d+))?$/;

interface DecimalAttributes {
  readonly precision?: unknown;
  readonly scale?: unknown;
  readonly size?: unknown;
}

export class DecimalLogicalType extends avsc.types.LogicalType {
  readonly #precision: number;
  readonly #scale: number;
  /** Byte size of a fixed underlying type; undefined for bytes. */
  readonly #fixedSize: number | undefined;

  constructor(schema: avsc.Schema, opts?: unknown) {
    super(schema, opts);
    const { precision, scale = 0, size } = schema as DecimalAttributes;
    const fixedSize = this.underlyingType.typeName === "fixed" ? (size as number) : undefined;
    // The specification's validity rules; avsc falls back to the underlying type when a logical type's
    // constructor throws, which is what the specification asks for an invalid decimal.
    if (!Number.isInteger(precision) || (precision as number) < 1)
      throw new Error("decimal: precision must be a positive integer");
    if (!Number.isInteger(scale) || (scale as number) < 0 || (scale as number) > (precision as number)) {
      throw new Error("decimal: scale must be an integer from 0 to precision");
    }
    if (this.underlyingType.typeName !== "bytes" && fixedSize === undefined)
      throw new Error("decimal: underlying type must be bytes or fixed");
    if (fixedSize !== undefined && (precision as number) > maxFixedPrecision(fixedSize)) {
      throw new Error(`decimal: precision ${String(precision)} does not fit in fixed(${fixedSize})`);
    }
    this.#precision = precision as number;
    this.#scale = scale as number;
    this.#fixedSize = fixedSize;
  }

  protected override _fromValue(unscaledBytes: Buffer): string {
    return decimalText(readTwosComplement(unscaledBytes), this.#scale);
  }

  /** The unscaled bytes, or undefined (avsc then reports the field as invalid) for anything inexact. */
  protected override _toValue(value: unknown): Buffer | undefined {
    if (typeof value !== "string") return undefined;
    const match = DECIMAL_TEXT.exec(value);
    if (match === null) return undefined;
    const [, sign = "", whole = "", fraction = ""] = match;
    // Digits beyond the scale are allowed only when they are zeros: anything else needs rounding.
    if (fraction.length > this.#scale && /[^0]/.test(fraction.slice(this.#scale))) return undefined;
    const digits = `${whole}${fraction.slice(0, this.#scale).padEnd(this.#scale, "0")}`.replace(/^0+(?=\d)/, "");
    if (digits.length > this.#precision) return undefined;
    const unscaled = BigInt(`${sign === "-" ? "-" : ""}${digits}`);
    return writeTwosComplement(unscaled, this.#fixedSize);
  }

  protected override _resolve(writer: avsc.Type): ((value: never) => string) | undefined {
    if (writer instanceof DecimalLogicalType) {
      // Another scale would read the same unscaled integer as another number.
      return writer.#scale === this.#scale && writer.#fixedSize === this.#fixedSize
        ? (value: string) => value
        : undefined;
    }
    // A writer without the logical type: the bytes are the unscaled integer at the reader's scale (Java's
    // reading applies the reader's conversion to the resolved underlying value).
    const sameUnderlying =
      this.#fixedSize === undefined
        ? writer.typeName === "bytes"
        : writer.typeName === "fixed" && (writer as avsc.Type & { size?: number }).size === this.#fixedSize;
    return sameUnderlying ? (value: Buffer) => this._fromValue(value) : undefined;
  }

  protected override _export(attributes: avsc.Schema): void {
    Object.assign(attributes, { precision: this.#precision, scale: this.#scale });
  }
}

// Avro specification: a fixed(n) decimal holds at most floor(log10(2^(8n - 1) - 1)) digits.
function maxFixedPrecision(size: number): number {
  return Math.floor(Math.log10(2) * (8 * size - 1));
}

/** Minimal big-endian two's complement (Java's BigInteger.toByteArray), or sign-extended to a fixed size. */
function writeTwosComplement(value: bigint, fixedSize: number | undefined): Buffer | undefined {
  let size = 1;
  while (value < -(1n << BigInt(8 * size - 1)) || value >= 1n << BigInt(8 * size - 1)) size += 1;
  if (fixedSize !== undefined) {
    if (size > fixedSize) return undefined;
    size = fixedSize;
  }
  return Buffer.from(
    BigInt.asUintN(8 * size, value)
      .toString(16)
      .padStart(2 * size, "0"),
    "hex",
  );
}
