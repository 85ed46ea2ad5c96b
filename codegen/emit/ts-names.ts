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

/**
 * The TypeScript name of a named type: its Avro name, with a trailing underscore when that name is a
 * reserved word or a global the generated code uses (a record "Date" becomes class `Date_`).
 */
export function typeIdentifier(type: Pick<NamedModel, "name">): string {
  return RESERVED.has(type.name) ? `${type.name}_` : type.name;
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

/** kebab-case of an Avro name: "OrderPlaced" → "order-placed", "HTTPRequest" → "http-request". */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .replace(/_/g, "-")
    .toLowerCase();
}

/**
 * Output paths of every named type, relative to the output folder: the namespace as folders, the name in
 * kebab-case, `.avro.ts`. Two names that kebab-case alike in one namespace get a numeric suffix, given in
 * full-name order so that it never depends on input order.
 */
export function outputPaths(types: Iterable<NamedModel>): Map<string, string> {
  const paths = new Map<string, string>();
  const taken = new Set<string>();
  for (const type of [...types].sort((a, b) => (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0))) {
    const folder = type.namespace === "" ? "" : `${type.namespace.split(".").join("/")}/`;
    const stem = `${folder}${kebabCase(type.name)}`;
    let path = `${stem}.avro.ts`;
    for (let n = 2; taken.has(path.toLowerCase()); n += 1) path = `${stem}-${n}.avro.ts`;
    taken.add(path.toLowerCase());
    paths.set(type.fullName, path);
  }
  return paths;
}

/** The import specifier of `to` from the file `from` (both relative to the output folder). */
export function relativeImport(from: string, to: string): string {
  const fromParts = from.split("/").slice(0, -1);
  const toParts = to.split("/");
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) common += 1;
  const up = fromParts.length - common;
  const rest = toParts.slice(common).join("/").replace(/\.ts$/, ".js");
  return up === 0 ? `./${rest}` : `${"../".repeat(up)}${rest}`;
}
