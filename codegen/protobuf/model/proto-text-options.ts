import { ScalarType, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { isReflectList, isReflectMessage, reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";

// Options of a descriptor as `.proto` option assignments ("java_package = \"x\"", "features.field_presence =
// IMPLICIT"), in field-number order so the text is the same whatever order the compiler wrote them in.
// Custom options (extensions of the *Options messages) reach us as unknown fields without their names:
// they cannot be printed faithfully, so they are refused rather than dropped.

/** A descriptor's options that the printer cannot render, with why. */
export class UnprintableOptionError extends Error {
  override readonly name = "UnprintableOptionError";
}

/** The set options of an options message as `name = value` assignments; nested messages are dotted. */
export function optionAssignments(schema: DescMessage, options: Message | undefined): string[] {
  if (options === undefined) return [];
  return assignments(reflect(schema, options), "");
}

function assignments(message: ReflectMessage, prefix: string): string[] {
  const unknown = message.getUnknown();
  if (unknown !== undefined && unknown.length > 0) {
    const numbers = [...new Set(unknown.map((field) => field.no))].join(", ");
    throw new UnprintableOptionError(`custom options (${message.desc.name} field ${numbers}) are not supported`);
  }
  const out: string[] = [];
  for (const field of message.sortedFields) {
    if (!message.isSet(field)) continue;
    const name = `${prefix}${field.name}`;
    const value: unknown = message.get(field);
    if (isReflectMessage(value)) {
      out.push(...assignments(value, `${name}.`));
    } else if (isReflectList(value)) {
      for (const item of value) out.push(`${name} = ${optionValue(field, item)}`);
    } else {
      out.push(`${name} = ${optionValue(field, value)}`);
    }
  }
  return out;
}

function optionValue(field: DescField, value: unknown): string {
  if (field.enum !== undefined) {
    const number = Number(value);
    const known = field.enum.values.find((candidate) => candidate.number === number);
    if (known === undefined) throw new UnprintableOptionError(`${field.name}: ${number} is not a ${field.enum.name}`);
    return known.name;
  }
  if (field.fieldKind === "message" || (field.fieldKind === "list" && field.listKind === "message")) {
    throw new UnprintableOptionError(`${field.name}: message-valued lists are not supported`);
  }
  const scalar = field.fieldKind === "scalar" || field.fieldKind === "list" ? field.scalar : undefined;
  if (scalar === ScalarType.STRING) return quoted(String(value));
  if (scalar === ScalarType.BYTES) return `"${escapeBytes(value as Uint8Array)}"`;
  if (scalar === ScalarType.DOUBLE || scalar === ScalarType.FLOAT) return floatLiteral(Number(value));
  return String(value);
}

/** A float as .proto text accepts it: `inf`, `-inf`, `nan`, or the shortest decimal that reads back. */
export function floatLiteral(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Number.POSITIVE_INFINITY) return "inf";
  if (value === Number.NEGATIVE_INFINITY) return "-inf";
  return Object.is(value, -0) ? "-0" : String(value);
}

/** A string literal: UTF-8 kept as is, quotes, backslashes and control characters escaped. */
export function quoted(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === "\\") out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, "0")}`;
    else out += char;
  }
  return `${out}"`;
}

function escapeBytes(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte.toString(8).padStart(3, "0")}`;
  }
  return out;
}
