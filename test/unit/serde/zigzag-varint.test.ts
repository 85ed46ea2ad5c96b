import { describe, expect, it } from "vitest";
import { readZigZagVarint, writeZigZagVarint, zigZagVarintSize } from "../../../src/serde/zigzag-varint.js";

// Vectors: the zig-zag table of the Protocol Buffers encoding guide (0→0, -1→1, 1→2, -2→3,
// 2147483647→4294967294, -2147483648→4294967295), as LEB128 bytes; and the Avro specification's
// "binary encoding" table for small values (64 → 80 01, -64 → 7f). Kafka's ByteUtils.writeVarint is
// the same encoding for 32-bit ints.
const VECTORS: readonly (readonly [number, string])[] = [
  [0, "00"],
  [-1, "01"],
  [1, "02"],
  [-2, "03"],
  [2, "04"],
  [-64, "7f"],
  [64, "8001"],
  [2147483647, "feffffff0f"],
  [-2147483648, "ffffffff0f"],
];

describe("zig-zag varint", () => {
  it.each(VECTORS)("writes %i as %s and reads it back", (value, hex) => {
    const buffer = Buffer.alloc(8);
    const end = writeZigZagVarint(buffer, 1, value);
    expect(buffer.subarray(1, end).toString("hex")).toBe(hex);
    expect(zigZagVarintSize(value)).toBe(hex.length / 2);
    expect(readZigZagVarint(buffer, 1)).toEqual({ value, next: end });
  });

  it("reports truncated and over-long input", () => {
    expect(readZigZagVarint(Buffer.from("80", "hex"), 0)).toBeUndefined();
    expect(readZigZagVarint(Buffer.from("ffffffffff01", "hex"), 0)).toBeUndefined();
    expect(readZigZagVarint(Buffer.alloc(0), 0)).toBeUndefined();
  });
});
