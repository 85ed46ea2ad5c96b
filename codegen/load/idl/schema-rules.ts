import { isJsonArray, isJsonObject, JsonNumber, type JsonValue, jsonEquals } from "./json-value.js";
import type { FixedNode, NamedNode, Properties, SchemaNode } from "./schema-nodes.js";

// The rules Avro's Java implementation applies to names, properties, logical types and defaults, so that
// what it accepts or rejects, this reader accepts or rejects too.

/** Keys that are not properties of a schema (the enum adds `default`), a field, a protocol or a message. */
export const SCHEMA_RESERVED: ReadonlySet<string> = new Set([
  "doc",
  "fields",
  "items",
  "name",
  "namespace",
  "size",
  "symbols",
  "values",
  "type",
  "aliases",
]);
export const ENUM_RESERVED: ReadonlySet<string> = new Set([...SCHEMA_RESERVED, "default"]);
export const FIELD_RESERVED: ReadonlySet<string> = new Set(["default", "doc", "name", "order", "type", "aliases"]);
export const PROTOCOL_RESERVED: ReadonlySet<string> = new Set([
  "namespace",
  "protocol",
  "doc",
  "messages",
  "types",
  "errors",
]);
export const MESSAGE_RESERVED: ReadonlySet<string> = new Set(["doc", "response", "request", "errors", "one-way"]);

const NAME = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;

/** Java's name rule: a letter or underscore, then letters, digits or underscores. */
export function isValidName(name: string): boolean {
  return NAME.test(name);
}

/** Adds a property as Java does: reserved names are errors, and so is a second, different value. */
export function addProperty(
  props: Properties,
  reserved: ReadonlySet<string>,
  name: string,
  value: JsonValue,
  fail: (detail: string) => never,
): void {
  if (reserved.has(name)) fail(`"${name}" cannot be set as a property here`);
  const old = props.get(name);
  if (old !== undefined && !jsonEquals(old, value)) fail(`the property "${name}" is already set to another value`);
  if (old === undefined) props.set(name, value);
}

/** A logical type Java recognises on this schema (invalid ones are ignored, as the specification says). */
export interface LogicalType {
  readonly name: string;
  readonly precision?: number;
  readonly scale?: number;
}

const INCOMPATIBLE_PROPS = ["avro.java.string", "java-class", "java-key-class", "java-element-class"];
const ON_INT = new Set(["date", "time-millis"]);
const ON_LONG = new Set([
  "time-micros",
  "timestamp-millis",
  "timestamp-micros",
  "timestamp-nanos",
  "local-timestamp-millis",
  "local-timestamp-micros",
  "local-timestamp-nanos",
]);

export function logicalTypeOf(node: SchemaNode): LogicalType | undefined {
  if (node.kind === "reference" || node.kind === "union") return undefined;
  const name = node.props.get("logicalType");
  if (typeof name !== "string") return undefined;
  if (INCOMPATIBLE_PROPS.some((prop) => typeof node.props.get(prop) === "string")) return undefined;
  const base = node.kind === "primitive" ? node.type : node.kind;
  if (ON_INT.has(name)) return base === "int" ? { name } : undefined;
  if (ON_LONG.has(name)) return base === "long" ? { name } : undefined;
  switch (name) {
    case "uuid":
      return base === "string" || (node.kind === "fixed" && node.size === 16) ? { name } : undefined;
    case "duration":
      return node.kind === "fixed" && node.size === 12 ? { name } : undefined;
    case "big-decimal":
      return base === "bytes" ? { name } : undefined;
    case "decimal": {
      const precision = intProperty(node.props, "precision");
      const scale = node.props.has("scale") ? intProperty(node.props, "scale") : 0;
      if (precision === undefined || scale === undefined) return undefined;
      if (base !== "bytes" && base !== "fixed") return undefined;
      const max = node.kind === "fixed" ? maxDecimalPrecision(node) : Number.MAX_SAFE_INTEGER;
      if (precision <= 0 || precision > max || scale < 0 || scale > precision) return undefined;
      return { name, precision, scale };
    }
    default:
      return undefined;
  }
}

/**
 * After IDL properties are added to a schema, Java re-applies its logical type, which adds a decimal's
 * scale (0) when only the precision was given.
 */
export function reapplyLogicalType(node: SchemaNode, fail: (detail: string) => never): void {
  const logical = logicalTypeOf(node);
  if (logical?.name !== "decimal" || node.kind === "reference" || node.kind === "union") return;
  addProperty(node.props, new Set(), "precision", JsonNumber.ofInteger(BigInt(logical.precision ?? 0)), fail);
  addProperty(node.props, new Set(), "scale", JsonNumber.ofInteger(BigInt(logical.scale ?? 0)), fail);
}

function intProperty(props: Properties, name: string): number | undefined {
  const value = props.get(name);
  return value instanceof JsonNumber && value.kind === "int" ? value.value : undefined;
}

function maxDecimalPrecision(node: FixedNode): number {
  return Math.round(Math.floor(Math.log10(2) * (8 * node.size - 1)));
}

/** Full name of a union branch, as Java tells branches apart (logical types do not count). */
export function branchName(node: SchemaNode): string {
  switch (node.kind) {
    case "primitive":
      return node.type;
    case "reference":
      return node.fullName;
    case "record":
    case "enum":
    case "fixed":
      return node.fullName;
    default:
      return node.kind;
  }
}

/**
 * Java's Schema.isValidDefault: a union's default may match any branch; enums, fixed and bytes take any
 * string. `depth` bounds the walk through record defaults that refer to themselves.
 */
export function isValidDefault(
  schema: SchemaNode,
  value: JsonValue | undefined,
  lookup: (fullName: string) => NamedNode | undefined,
  depth = 0,
): boolean {
  if (value === undefined || depth > 200) return false;
  const node = schema.kind === "reference" ? lookup(schema.fullName) : schema;
  if (node === undefined) return false;
  switch (node.kind) {
    case "primitive":
      switch (node.type) {
        case "string":
        case "bytes":
          return typeof value === "string";
        case "int":
          return (
            value instanceof JsonNumber &&
            value.integer !== undefined &&
            BigInt.asIntN(32, value.integer) === value.integer
          );
        case "long":
          return value instanceof JsonNumber && (value.kind === "int" || value.kind === "long");
        case "float":
        case "double":
          return value instanceof JsonNumber;
        case "boolean":
          return typeof value === "boolean";
        case "null":
          return value === null;
      }
      return false;
    case "enum":
    case "fixed":
      return typeof value === "string";
    case "array":
      return isJsonArray(value) && value.every((item) => isValidDefault(node.items, item, lookup, depth + 1));
    case "map":
      return (
        isJsonObject(value) && [...value.values()].every((item) => isValidDefault(node.values, item, lookup, depth + 1))
      );
    case "union":
      return node.branches.some((branch) => isValidDefault(branch, value, lookup, depth + 1));
    case "record":
      return (
        isJsonObject(value) &&
        node.fields.every((field) =>
          isValidDefault(field.type, value.has(field.name) ? value.get(field.name) : field.default, lookup, depth + 1),
        )
      );
  }
}
