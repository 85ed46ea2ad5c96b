import { describe, expect, it } from "vitest";
import { protobufPairChecker } from "../../../../src/compat/index.js";
import { describeProtobufIncompatibility } from "../../../../src/compat/protobuf/protobuf-messages.js";

// Every rule that can refuse a change has words of its own: which field, what changed, whose reads break,
// and a fix a person can act on.

const REFUSING_RULES = [
  "PACKAGE_CHANGED",
  "MESSAGE_REMOVED",
  "FIELD_KIND_CHANGED",
  "FIELD_SCALAR_KIND_CHANGED",
  "FIELD_NAMED_TYPE_CHANGED",
  "FIELD_NUMERIC_LABEL_CHANGED",
  "REQUIRED_FIELD_ADDED",
  "REQUIRED_FIELD_REMOVED",
  "ONEOF_FIELD_REMOVED",
  "MULTIPLE_FIELDS_MOVED_TO_ONEOF",
  "FIELD_MOVED_TO_EXISTING_ONEOF",
  "FIELD_REMOVED_WITHOUT_RESERVED",
  "RESERVED_FIELD_REUSED",
  "RESERVED_FIELD_REMOVED",
  "FIELD_NUMBER_CHANGED",
  "FIELD_TYPE_CHANGED",
  "FIELD_LABEL_CHANGED",
  "FIELD_NAME_CHANGED",
  "ENUM_CONST_CHANGED",
  "ENUM_CONST_REMOVED",
];

describe("Protobuf finding messages", () => {
  for (const type of REFUSING_RULES) {
    it(`${type} says what changed, whose reads break, and the fix`, () => {
      const found = { type, location: "#/Order/3", target: "Order.note" };
      const backward = describeProtobufIncompatibility(found, "backward");
      const forward = describeProtobufIncompatibility(found, "forward");
      expect(backward.message.startsWith(type)).toBe(false);
      expect(backward.message).toMatch(/so the new schema cannot safely read data written with the old one\.$/);
      expect(forward.message).toMatch(/so consumers still on the old schema cannot safely read data written with/);
      expect(backward.fix).toMatch(/^[A-Z].*\.$/);
    });
  }

  it("names the field in the message and fix", () => {
    const text = describeProtobufIncompatibility(
      { type: "FIELD_REMOVED_WITHOUT_RESERVED", location: "#/Order/7", target: "Order.memo" },
      "backward",
    );
    expect(text.message).toBe(
      "Field `Order.memo` was removed without reserving its number and name, so the new schema cannot safely " +
        "read data written with the old one.",
    );
    expect(text.fix).toBe('Reserve the number and name of `Order.memo` (`reserved 7; reserved "memo";`).');
  });

  it("the pair checker is the PROTOBUF format", () => {
    expect(protobufPairChecker("strict").format).toBe("PROTOBUF");
  });
});
