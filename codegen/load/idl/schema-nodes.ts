import type { SourcePosition } from "./idl-errors.js";
import type { JsonValue } from "./json-value.js";

// Avro schemas as Avro's Java implementation holds them while reading IDL: named types carry their full
// name, properties keep their order, and a reference to a named type stays a name until resolution.

export type PrimitiveType = "null" | "boolean" | "int" | "long" | "float" | "double" | "bytes" | "string";

/** Properties in the order they were added; the first value of a name stays (as in Java). */
export type Properties = Map<string, JsonValue>;

export interface PrimitiveNode {
  readonly kind: "primitive";
  readonly type: PrimitiveType;
  readonly props: Properties;
}

export interface ArrayNode {
  readonly kind: "array";
  readonly items: SchemaNode;
  readonly props: Properties;
}

export interface MapNode {
  readonly kind: "map";
  readonly values: SchemaNode;
  readonly props: Properties;
}

export interface UnionNode {
  readonly kind: "union";
  readonly branches: readonly SchemaNode[];
  /** Java keeps properties of a union but never writes them. */
  readonly props: Properties;
  /** Made by the `T?` shorthand: `null` moves after T when a field's default is not null. */
  readonly optional: boolean;
  readonly at: SourcePosition;
}

/** A use of a named type by name; resolved against every named type once all files are read. */
export interface ReferenceNode {
  readonly kind: "reference";
  readonly fullName: string;
  readonly at: SourcePosition;
}

export interface FieldNode {
  readonly name: string;
  readonly type: SchemaNode;
  readonly doc: string | undefined;
  /** undefined: no default (a JSON null default is `null`). */
  readonly default: JsonValue | undefined;
  readonly order: "ascending" | "descending" | "ignore";
  readonly aliases: readonly string[];
  readonly props: Properties;
  readonly at: SourcePosition;
}

interface NamedBase {
  /** The simple name. */
  readonly name: string;
  /** null: the null namespace. */
  readonly namespace: string | null;
  readonly fullName: string;
  readonly doc: string | undefined;
  /** Full names. */
  readonly aliases: string[];
  readonly props: Properties;
  readonly at: SourcePosition;
  /** The file that defines it, as a path; and how that file was read. */
  readonly origin: { readonly path: string; readonly format: "idl" | "avsc" | "avpr" };
}

export interface RecordNode extends NamedBase {
  readonly kind: "record";
  readonly error: boolean;
  fields: FieldNode[];
}

export interface EnumNode extends NamedBase {
  readonly kind: "enum";
  readonly symbols: readonly string[];
  readonly default: string | undefined;
}

export interface FixedNode extends NamedBase {
  readonly kind: "fixed";
  readonly size: number;
}

export type NamedNode = RecordNode | EnumNode | FixedNode;
export type SchemaNode = PrimitiveNode | ArrayNode | MapNode | UnionNode | ReferenceNode | NamedNode;

/** A protocol message: parameters as fields; `errors` without the implicit string system error. */
export interface MessageNode {
  readonly name: string;
  readonly doc: string | undefined;
  readonly props: Properties;
  readonly request: readonly FieldNode[];
  readonly response: SchemaNode;
  readonly errors: readonly SchemaNode[];
  readonly oneway: boolean;
  readonly at: SourcePosition;
}

export function isNamed(node: SchemaNode): node is NamedNode {
  return node.kind === "record" || node.kind === "enum" || node.kind === "fixed";
}

export function fullNameOf(name: string, namespace: string | null): string {
  return namespace === null ? name : `${namespace}.${name}`;
}
