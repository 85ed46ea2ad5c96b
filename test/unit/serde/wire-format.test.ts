import { describe, expect, it } from "vitest";
import { WireFormatError } from "../../../src/errors/index.js";
import {
  HEADER_SIZE,
  encodeHeader,
  messageIndexesSize,
  readHeader,
  writeHeader,
} from "../../../src/serde/wire-format.js";

// Golden bytes, with where they come from:
// - Avro framing: 0x00, schema id int32 big-endian, Avro binary (Confluent "Wire format" docs;
//   SchemaId.idToBytes). Payload: the Avro specification's example, the string "foo" → 06 66 6f 6f.
// - Protobuf message indexes: Confluent MessageIndexes.java — [0] is the single byte 00, otherwise
//   zig-zag count then zig-zag indexes: [1] → 02 02, [2,0] → 04 04 00.
//   confluent-kafka-python tests/schema_registry/test_schema_id.py: 00 00000001 06 02 04 06 is id 1 with
//   [1,2,3]; tests/schema_registry/test_proto.py (test_index_encoder): index 127 → fe 01, 128 → 80 02.
//   [0,0] → 04 00 00, [0,0,1] → 06 00 00 02 and [64] → 02 80 01 are worked by hand from the same rule.
const AVRO_FOO_WITH_ID_1 = "0000000001" + "06666f6f";

describe("Confluent wire format", () => {
  it("frames an Avro payload with magic byte and big-endian id", () => {
    const framed = Buffer.concat([encodeHeader(1), Buffer.from("06666f6f", "hex")]);
    expect(framed.toString("hex")).toBe(AVRO_FOO_WITH_ID_1);
    expect(readHeader(framed)).toEqual({ schemaId: 1, messageIndexes: undefined, payloadOffset: HEADER_SIZE });
  });

  it("writes ids big-endian over all 4 bytes", () => {
    expect(encodeHeader(0x01020304).toString("hex")).toBe("0001020304");
    expect(readHeader(Buffer.from("00000f4240aa", "hex")).schemaId).toBe(1_000_000);
  });

  it.each([
    [[0], "00"],
    [[1], "0202"],
    [[2, 0], "040400"],
    [[0, 0], "040000"],
    [[0, 0, 1], "06000002"],
    [[64], "028001"],
    [[1, 2, 3], "06020406"],
    [[127], "02fe01"],
    [[128], "028002"],
  ] as const)("writes message indexes %j as %s", (indexes, hex) => {
    const header = encodeHeader(7, indexes);
    expect(header.toString("hex")).toBe(`0000000007${hex}`);
    expect(messageIndexesSize(indexes)).toBe(hex.length / 2);
    const payload = Buffer.from("0a03616263", "hex");
    expect(readHeader(Buffer.concat([header, payload]), { withMessageIndexes: true })).toEqual({
      schemaId: 7,
      messageIndexes: indexes,
      payloadOffset: header.length,
    });
  });

  it("reads Confluent Python's framed id 1 with message indexes [1,2,3]", () => {
    expect(readHeader(Buffer.from("00000000010602040600", "hex"), { withMessageIndexes: true })).toEqual({
      schemaId: 1,
      messageIndexes: [1, 2, 3],
      payloadOffset: 9,
    });
  });

  it("reads a message-index count of 0 as [0], the first message", () => {
    // Confluent MessageIndexes.readFrom: an empty array means the first message.
    expect(readHeader(Buffer.from("000000002a000a0161", "hex"), { withMessageIndexes: true })).toEqual({
      schemaId: 42,
      messageIndexes: [0],
      payloadOffset: 6,
    });
  });

  it("reads ids as Java's signed int32", () => {
    expect(readHeader(Buffer.from("00ffffffff", "hex")).schemaId).toBe(-1);
    expect(readHeader(Buffer.from("007fffffff", "hex")).schemaId).toBe(2 ** 31 - 1);
  });

  it("writes into a caller's buffer and returns the payload offset", () => {
    const target = Buffer.alloc(16);
    expect(writeHeader(target, 2, [1])).toBe(7);
    expect(target.subarray(0, 7).toString("hex")).toBe("00000000020202");
  });

  it.each([
    ["0000", /expected at least 5 header bytes/],
    ["0500000001", /unknown magic byte 0x05/],
    // confluent-kafka-python test_schema_id.py: 0x01 then a 16-byte GUID (89791762-2336-4186-9674-299b90a802e2).
    ["0189791762233641869674299b90a802e2", /0x01 is Confluent's schema-GUID framing/],
  ])("rejects %s", (hex, message) => {
    const bytes = Buffer.from(hex, "hex");
    expect(() => readHeader(bytes, { topic: "orders" })).toThrow(WireFormatError);
    expect(() => readHeader(bytes, { topic: "orders" })).toThrow(message);
  });

  it("rejects truncated or negative message indexes", () => {
    expect(() => readHeader(Buffer.from("000000000104", "hex"), { withMessageIndexes: true })).toThrow(
      /truncated message index 0 of 2/,
    );
    expect(() => readHeader(Buffer.from("0000000001", "hex"), { withMessageIndexes: true })).toThrow(
      /truncated message-index count/,
    );
    expect(() => readHeader(Buffer.from("00000000010201", "hex"), { withMessageIndexes: true })).toThrow(
      /negative message index -1/,
    );
  });

  it("names topic and length in the error", () => {
    try {
      readHeader(Buffer.from("07", "hex"), { topic: "orders" });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: "WIRE_FORMAT_INVALID", topic: "orders", byteLength: 1 });
    }
  });
});
