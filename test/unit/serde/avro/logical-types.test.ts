import { describe, expect, it } from "vitest";
import { compiledType, resolverFor } from "../../../../src/serde/avro/avro-type-cache.js";

// Golden bytes come from the Avro specification's encodings, not from our own round trip:
// - timestamp-millis: a long of epoch milliseconds (zig-zag varint);
// - decimal: the unscaled integer as big-endian two's complement; bytes use the minimal length Java's
//   BigInteger.toByteArray() gives ("at least one sign bit"), prefixed by the zig-zag byte count; fixed
//   sign-extends to its size;
// - uuid: the string as written, or for fixed(16) the 16 bytes in text order (RFC 4122).

function recordOf(fieldType: unknown, longs: "number" | "bigint" = "number") {
  const schema = JSON.stringify({
    type: "record",
    name: "R",
    namespace: "com.example.logical",
    fields: [{ name: "v", type: fieldType }],
  });
  return compiledType([schema], longs);
}

const DECIMAL_4_2 = { type: "bytes", logicalType: "decimal", precision: 4, scale: 2 };

describe("timestamp-millis ↔ Date", () => {
  const type = recordOf({ type: "long", logicalType: "timestamp-millis" });

  it.each([
    ["1970-01-01T00:00:00.000Z", "00"],
    ["1970-01-01T00:00:00.001Z", "02"],
    ["1969-12-31T23:59:59.999Z", "01"],
    // 1,700,000,000,000 ms (zig-zag and LEB128 computed by hand from the specification).
    ["2023-11-14T22:13:20.000Z", "80a0abfef962"],
  ])("writes %s as %s and reads the same instant", (iso, hex) => {
    const bytes = type.toBuffer({ v: new Date(iso) });
    expect(bytes.toString("hex")).toBe(hex);
    expect(type.fromBuffer(bytes)).toEqual({ v: new Date(iso) });
  });

  it("refuses what is not a valid Date", () => {
    expect(type.isValid({ v: 0 })).toBe(false);
    expect(type.isValid({ v: new Date(Number.NaN) })).toBe(false);
    expect(type.isValid({ v: "1970-01-01" })).toBe(false);
  });

  it("works over bigint longs", () => {
    const big = recordOf({ type: "long", logicalType: "timestamp-millis" }, "bigint");
    const bytes = big.toBuffer({ v: new Date(1_700_000_000_000) });
    expect(bytes.toString("hex")).toBe("80a0abfef962");
    expect(big.fromBuffer(bytes)).toEqual({ v: new Date(1_700_000_000_000) });
  });

  it("reads a plain long or int writer as a Date", () => {
    const writer = recordOf("int");
    expect(type.fromBuffer(writer.toBuffer({ v: 5 }), resolverFor(type, writer))).toEqual({ v: new Date(5) });
  });
});

describe("decimal ↔ decimal string", () => {
  const type = recordOf(DECIMAL_4_2);

  it.each([
    ["12.34", "0404d2", "12.34"],
    ["-0.01", "02ff", "-0.01"],
    ["1.28", "040080", "1.28"],
    ["-1.28", "0280", "-1.28"],
    ["0", "0200", "0.00"],
    ["+99.99", "04270f", "99.99"],
    ["1.5", "040096", "1.50"],
    ["1.500", "040096", "1.50"],
  ])("writes %s as %s and reads %s", (text, hex, back) => {
    const bytes = type.toBuffer({ v: text });
    expect(bytes.toString("hex")).toBe(hex);
    expect(type.fromBuffer(bytes)).toEqual({ v: back });
  });

  it.each([
    ["1.234", "needs rounding at scale 2"],
    ["100.00", "5 digits, precision 4"],
    [12.34, "a number (a float)"],
    [1234n, "a bigint"],
    ["1e3", "exponent notation"],
    ["", "empty"],
    [" 1", "whitespace"],
  ])("refuses %s (%s)", (value, _reason) => {
    expect(type.isValid({ v: value })).toBe(false);
  });

  it("reads a sign-extended (non-minimal) unscaled value", () => {
    // fastavro 1.13.1 (under confluent-kafka's Python AvroSerializer) writes -1.28 as 04 ff 80 where
    // Java writes 02 80; both are the same two's-complement integer.
    expect(type.fromBuffer(Buffer.from("04ff80", "hex"))).toEqual({ v: "-1.28" });
  });

  it("sign-extends to a fixed size", () => {
    const fixed = recordOf({ type: "fixed", name: "D", size: 4, logicalType: "decimal", precision: 9, scale: 2 });
    expect(fixed.toBuffer({ v: "-0.01" }).toString("hex")).toBe("ffffffff");
    expect(fixed.toBuffer({ v: "12.34" }).toString("hex")).toBe("000004d2");
    expect(fixed.fromBuffer(Buffer.from("ffffffff", "hex"))).toEqual({ v: "-0.01" });
  });

  it("keeps the underlying type when the decimal is invalid, as the specification asks", () => {
    const invalid = recordOf({ type: "bytes", logicalType: "decimal", precision: 2, scale: 3 });
    expect(invalid.fromBuffer(Buffer.from("0201", "hex"))).toEqual({ v: Buffer.from([1]) });
  });

  it("reads a writer of the same scale, or plain bytes, and refuses another scale", () => {
    expect(
      type.fromBuffer(Buffer.from("0404d2", "hex"), resolverFor(type, recordOf({ ...DECIMAL_4_2, precision: 6 }))),
    ).toEqual({ v: "12.34" });
    expect(type.fromBuffer(Buffer.from("0404d2", "hex"), resolverFor(type, recordOf("bytes")))).toEqual({ v: "12.34" });
    // Same canonical form, other scale: reading with the reader's Type directly would give 1.234 as 12.34.
    expect(() => resolverFor(type, recordOf({ ...DECIMAL_4_2, scale: 3 }))).toThrow();
  });
});

describe("uuid ↔ string", () => {
  const text = "123e4567-e89b-12d3-a456-426614174000";

  it("writes a string uuid as the string", () => {
    const type = recordOf({ type: "string", logicalType: "uuid" });
    const bytes = type.toBuffer({ v: text });
    expect(bytes.toString("hex")).toBe(`48${Buffer.from(text).toString("hex")}`);
    expect(type.fromBuffer(bytes)).toEqual({ v: text });
    expect(type.isValid({ v: "not-a-uuid" })).toBe(false);
    expect(type.isValid({ v: text.toUpperCase() })).toBe(true);
  });

  it("writes a fixed(16) uuid as its 16 bytes", () => {
    const type = recordOf({ type: "fixed", name: "U", size: 16, logicalType: "uuid" });
    const bytes = type.toBuffer({ v: text });
    expect(bytes.toString("hex")).toBe("123e4567e89b12d3a456426614174000");
    expect(type.fromBuffer(bytes)).toEqual({ v: text });
  });
});
