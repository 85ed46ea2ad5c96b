import { describe, expect, it } from "vitest";
import { ProtocolReader } from "../../../../../src/producer/transport/wire/protocol/reader.js";
import { varintSize, writeVarint } from "../../../../../src/producer/transport/wire/record-batch/varint.js";

// Zig-zag varints from the protobuf/Kafka encoding rules, checked by hand.
const CASES: readonly (readonly [number, string])[] = [
  [0, "00"],
  [-1, "01"],
  [1, "02"],
  [63, "7e"],
  [-64, "7f"],
  [64, "8001"],
  [300, "d804"],
  [-300, "d704"],
  [2 ** 31 - 1, "feffffff0f"],
  [-(2 ** 31), "ffffffff0f"],
  [2 ** 40, "808080808040"],
  [-(2 ** 33), "ffffffff3f"],
];

describe("zig-zag varints", () => {
  it.each(CASES)("%d is %s", (value, hex) => {
    const buffer = Buffer.alloc(10);
    const end = writeVarint(buffer, 0, value);
    expect(buffer.subarray(0, end).toString("hex")).toBe(hex);
    expect(varintSize(value)).toBe(end);
    expect(new ProtocolReader(buffer.subarray(0, end), "test").varint("v")).toBe(value);
  });
});
