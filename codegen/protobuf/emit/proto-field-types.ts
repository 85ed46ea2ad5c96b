import { type DescEnum, type DescField, type DescMessage, ScalarType } from "@bufbuild/protobuf";
import { FeatureSet_FieldPresence } from "@bufbuild/protobuf/wkt";

// The TypeScript side of each field, in @bufbuild/protobuf 2's message shape (the encoder is built on it):
// 64-bit integers as bigint, bytes as Uint8Array, oneof as { case, value }, open enums keep unknown numbers.

/** Refers to a message or enum type from `file`, qualified by the module it is imported from. */
export type TypeRef = (desc: DescMessage | DescEnum) => string;

export function scalarType(scalar: ScalarType): string {
  switch (scalar) {
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
    case ScalarType.SINT64:
      return "bigint";
    case ScalarType.BOOL:
      return "boolean";
    case ScalarType.STRING:
      return "string";
    case ScalarType.BYTES:
      return "Uint8Array";
    default:
      return "number";
  }
}

export function scalarZero(scalar: ScalarType): string {
  switch (scalarType(scalar)) {
    case "bigint":
      return "0n";
    case "boolean":
      return "false";
    case "string":
      return '""';
    case "Uint8Array":
      return "new Uint8Array(0)";
    default:
      return "0";
  }
}

/** An enum's type: its values' union, plus any number where the enum is open (unknown values survive). */
export function enumType(desc: DescEnum, ref: TypeRef): string {
  return desc.open ? `${ref(desc)} | (number & {})` : ref(desc);
}

/** Whether a singular scalar or enum field tracks presence (proto3 `optional`, proto2 optional). */
export function hasPresence(field: DescField): boolean {
  if (field.fieldKind !== "scalar" && field.fieldKind !== "enum") return false;
  return field.oneof === undefined && field.presence === FeatureSet_FieldPresence.EXPLICIT;
}

/** The field's type in the class (what a decoded or constructed message holds). */
export function fieldType(field: DescField, ref: TypeRef): string {
  switch (field.fieldKind) {
    case "scalar":
      return scalarType(field.scalar) + (hasPresence(field) ? " | undefined" : "");
    case "enum":
      return `${enumType(field.enum, ref)}${hasPresence(field) ? " | undefined" : ""}`;
    case "message":
      return `${ref(field.message)} | undefined`;
    case "list":
      return `readonly ${listElement(field, ref, false)}[]`;
    case "map":
      return `Readonly<Record<${mapKeyType(field.mapKey)}, ${mapValue(field, ref, false)}>>`;
  }
}

/** The field's type in the constructor input (every field optional; messages as class or init). */
export function fieldInitType(field: DescField, ref: TypeRef): string {
  switch (field.fieldKind) {
    case "scalar":
      return scalarType(field.scalar);
    case "enum":
      return enumType(field.enum, ref);
    case "message":
      return messageInit(field.message, ref);
    case "list":
      return `readonly ${listElement(field, ref, true)}[]`;
    case "map":
      return `Readonly<Record<${mapKeyType(field.mapKey)}, ${mapValue(field, ref, true)}>>`;
  }
}

export function messageInit(message: DescMessage, ref: TypeRef): string {
  return `${ref(message)} | ${ref(message)}Init`;
}

function listElement(field: DescField & { fieldKind: "list" }, ref: TypeRef, init: boolean): string {
  switch (field.listKind) {
    case "scalar":
      return scalarType(field.scalar);
    case "enum":
      return `(${enumType(field.enum, ref)})`;
    case "message":
      return init ? `(${messageInit(field.message, ref)})` : ref(field.message);
  }
}

function mapValue(field: DescField & { fieldKind: "map" }, ref: TypeRef, init: boolean): string {
  switch (field.mapKind) {
    case "scalar":
      return scalarType(field.scalar);
    case "enum":
      return enumType(field.enum, ref);
    case "message":
      return init ? messageInit(field.message, ref) : ref(field.message);
  }
}

// @bufbuild/protobuf keys maps by string, and 32-bit integer keys by number.
function mapKeyType(key: ScalarType): string {
  const type = scalarType(key);
  return type === "number" ? "number" : "string";
}
