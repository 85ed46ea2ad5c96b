import type { NamedModel } from "../model/avro-model.js";

// Words a class, type or const cannot be named in strict-mode TypeScript modules, and the globals that
// generated code itself refers to (a class called Date would hide the Date its fields use).
const RESERVED: ReadonlySet<string> = new Set([
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "export",
  "extends",
  "false",
  "finally",
  "for",
  "function",
  "if",
  "import",
  "in",
  "instanceof",
  "new",
  "null",
  "return",
  "super",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "typeof",
  "var",
  "void",
  "while",
  "with",
  "as",
  "implements",
  "interface",
  "let",
  "package",
  "private",
  "protected",
  "public",
  "static",
  "yield",
  "await",
  "any",
  "boolean",
  "number",
  "string",
  "symbol",
  "bigint",
  "object",
  "never",
  "unknown",
  "undefined",
  "type",
  "arguments",
  "eval",
  "Date",
  "Buffer",
  "Record",
  "Readonly",
  "ReadonlyArray",
  "Object",
  "Array",
  "Error",
]);

// Identifiers generated code declares inside functions: a constructor's parameter and the parameters of
// its lambdas (v0, v1, … by depth). A class named like one would be hidden inside its own constructor.
const LOCAL_VARIABLE = /^(init|v[0-9]+)$/;

/**
 * Whether a top-level name of a generated file would not compile or would hide something the generated
 * code uses: a reserved word, a global generated code refers to, or a local variable it declares.
 */
export function isReservedIdentifier(name: string): boolean {
  return RESERVED.has(name) || LOCAL_VARIABLE.test(name);
}

/**
 * The TypeScript name of a named type: its Avro name, with a trailing underscore when that name is
 * reserved (a record "Date" becomes class `Date_`, a record "init" class `init_`).
 */
export function typeIdentifier(type: Pick<NamedModel, "name">): string {
  return isReservedIdentifier(type.name) ? `${type.name}_` : type.name;
}

// The members every object inherits from Object.prototype, by name. Written out rather than read from
// the running engine, so that output never depends on the Node version.
const OBJECT_MEMBERS: ReadonlySet<string> = new Set([
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
  "__proto__",
  "constructor",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "toString",
  "valueOf",
]);

/** Whether every object has a member of this name (an input lacking the field still "has" it). */
export function isObjectMember(name: string): boolean {
  return OBJECT_MEMBERS.has(name);
}

/** A field name as a class field: a field cannot be named `constructor` unless the name is computed. */
export function classFieldName(name: string): string {
  return name === "constructor" ? '["constructor"]' : name;
}

/**
 * A field name (or, `quoted`, any string) as an object-literal key: `__proto__: value` would set the
 * prototype instead, so that one key is computed.
 */
export function objectKey(name: string, options: { readonly quoted?: boolean } = {}): string {
  if (name === "__proto__") return '["__proto__"]';
  return options.quoted === true ? JSON.stringify(name) : name;
}

/**
 * Byte-order (UTF-16 code unit) comparison for sorting anything that reaches output: never
 * localeCompare, whose order depends on the ICU data of the running Node.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** camelCase of a topic name plus "Topic": "user-events" → userEventsTopic, "orders.v1" → ordersV1Topic. */
export function topicIdentifier(topic: string): string {
  const words = topic.split(/[^A-Za-z0-9]+/).filter((word) => word !== "");
  const camel = words
    .map((word, index) =>
      index === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join("");
  const safe = /^[0-9]/.test(camel) || camel === "" ? `t${camel}` : camel;
  return `${safe}Topic`;
}
