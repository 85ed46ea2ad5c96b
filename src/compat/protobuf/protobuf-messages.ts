import type { CheckDirection } from "../compatibility-level.js";
import type { ProtobufDifference } from "./protobuf-difference.js";

/** A finding for a person: what changed, whose reads break, and the usual fix. */
export interface ProtobufFindingText {
  readonly message: string;
  readonly fix: string;
}

interface Words {
  readonly what: (target: string) => string;
  /** `number` is the field's (or value's) number: the last step of the location. */
  readonly fix: (target: string, number: string) => string;
}

const KEEP_OR_NEW =
  "keep the old definition; for a new meaning, add a field with a new number (and reserve the old one).";

const WORDS: Readonly<Record<string, Words>> = {
  PACKAGE_CHANGED: {
    what: () => "the package changed, so every message has a new full name",
    fix: () => "keep the package; declare the messages anew in another file for a new package.",
  },
  MESSAGE_REMOVED: {
    what: (t) => `message \`${t}\` is gone (removed or renamed)`,
    fix: (t) => `keep \`${t}\` (mark it deprecated) rather than removing or renaming it.`,
  },
  FIELD_KIND_CHANGED: {
    what: (t) => `field \`${t}\` changed between scalar, message and map, which the wire format cannot convert`,
    fix: () => KEEP_OR_NEW,
  },
  FIELD_SCALAR_KIND_CHANGED: {
    what: (t) =>
      `field \`${t}\` changed to a scalar type of another wire type (varint, zig-zag, fixed32, fixed64, ` +
      "length-delimited)",
    fix: () =>
      `${KEEP_OR_NEW} Compatible changes stay in a group: int32/int64/uint32/uint64/bool/enum, ` +
      "sint32/sint64, string/bytes, fixed32/sfixed32, fixed64/sfixed64.",
  },
  FIELD_NAMED_TYPE_CHANGED: {
    what: (t) => `field \`${t}\` now has another message type, or its message type changed incompatibly`,
    fix: () => KEEP_OR_NEW,
  },
  FIELD_NUMERIC_LABEL_CHANGED: {
    what: (t) => `numeric field \`${t}\` changed its label (singular, repeated, required)`,
    fix: () => KEEP_OR_NEW,
  },
  REQUIRED_FIELD_ADDED: {
    what: (t) => `required field \`${t}\` was added, and data written without it fails to parse`,
    fix: (t) => `make \`${t}\` optional.`,
  },
  REQUIRED_FIELD_REMOVED: {
    what: (t) => `required field \`${t}\` was removed, and readers that require it reject the data`,
    fix: (t) => `keep \`${t}\`; required fields stay forever.`,
  },
  ONEOF_FIELD_REMOVED: {
    what: (t) => `field \`${t}\` was removed from its oneof`,
    fix: (t) => `keep \`${t}\` in the oneof.`,
  },
  MULTIPLE_FIELDS_MOVED_TO_ONEOF: {
    what: (t) => `several existing fields moved into oneof \`${t}\`, where only one of them can be set`,
    fix: () =>
      "leave existing fields outside the oneof; a oneof may take in at most one existing field, as its first member.",
  },
  FIELD_MOVED_TO_EXISTING_ONEOF: {
    what: (t) => `an existing field moved into oneof \`${t}\`, which already had members`,
    fix: () => "leave the field outside the oneof; add new fields to an existing oneof instead.",
  },
  FIELD_REMOVED_WITHOUT_RESERVED: {
    what: (t) => `field \`${t}\` was removed without reserving its number and name`,
    fix: (t, number) => {
      const field = t.slice(t.lastIndexOf(".") + 1);
      return `reserve the number and name of \`${t}\` (\`reserved ${number}; reserved "${field}";\`).`;
    },
  },
  RESERVED_FIELD_REUSED: {
    what: (t) => `field \`${t}\` uses a number or name that was reserved`,
    fix: () => "give the field an unused number and name; reserved ones belong to removed fields.",
  },
  RESERVED_FIELD_REMOVED: {
    what: (t) => `reservation \`${t}\` was dropped`,
    fix: () => "keep every reserved number and name.",
  },
  FIELD_NUMBER_CHANGED: {
    what: (t) => `\`${t}\` changed its number`,
    fix: () => "keep the number; the number, not the name, is what the wire format carries.",
  },
  FIELD_TYPE_CHANGED: {
    what: (t) => `field \`${t}\` changed its type`,
    fix: () => KEEP_OR_NEW,
  },
  FIELD_LABEL_CHANGED: {
    what: (t) => `field \`${t}\` changed its label (optional, repeated, required, in a oneof)`,
    fix: () => KEEP_OR_NEW,
  },
  FIELD_NAME_CHANGED: {
    what: (t) => `a field was renamed to \`${t}\` (same number), which breaks generated code and JSON`,
    fix: () => "keep the old name (the strict rules refuse renames; the confluent rules allow them).",
  },
  ENUM_CONST_CHANGED: {
    what: (t) => `an enum value was renamed to \`${t}\` (same number), which breaks generated code and JSON`,
    fix: () => "keep the old name.",
  },
  ENUM_CONST_REMOVED: {
    what: (t) => `enum value \`${t}\` was removed without reserving its number and name`,
    fix: (t) => `keep \`${t}\`, or reserve its number and name in the enum.`,
  },
  RPC_REMOVED: {
    what: (t) => `RPC \`${t}\` was removed (or its service was), and clients calling it fail`,
    fix: (t) => `keep \`${t}\` (deprecate it with \`option deprecated = true;\`), or add a new RPC beside it.`,
  },
  RPC_SIGNATURE_CHANGED: {
    what: (t) => `RPC \`${t}\` changed its request or response type, or its streaming`,
    fix: (t) => `keep the signature of \`${t}\`; add a new RPC with the new one.`,
  },
};

/** Words for one Protobuf incompatibility; `direction` says which of reader and writer is the new schema. */
export function describeProtobufIncompatibility(
  found: ProtobufDifference,
  direction: CheckDirection,
): ProtobufFindingText {
  const breaks =
    direction === "backward"
      ? "so the new schema cannot safely read data written with the old one"
      : "so consumers still on the old schema cannot safely read data written with the new one";
  const words = WORDS[found.type];
  if (words === undefined) return { message: `${found.type} at \`${found.target}\`, ${breaks}.`, fix: KEEP_OR_NEW };
  const number = found.location.slice(found.location.lastIndexOf("/") + 1);
  return {
    message: `${capitalised(words.what(found.target))}, ${breaks}.`,
    fix: capitalised(words.fix(found.target, number)),
  };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
