// The text forms schemakit gives decimals and UUIDs, shared by the serializers (values on the wire) and the
// code generator (defaults in generated classes), so that both always print the same value the same way.

/** RFC 4122 text form, any case (Avro specification "UUID"). */
export const UUID_TEXT: RegExp = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The text form of 16 UUID bytes: lower-case hex, dashed 8-4-4-4-12. */
export function uuidText(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A big-endian two's-complement integer (Avro's decimal encoding); no bytes is 0. */
export function readTwosComplement(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
  return BigInt.asIntN(bytes.length * 8, BigInt(`0x${hex}`));
}

/** Exact decimal text of `unscaled × 10^-scale`: "12.30", "-0.05", never exponent notation. */
export function decimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, "0");
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}
