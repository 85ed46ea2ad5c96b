import { AvroIdlError } from "./idl-errors.js";
import { setOwn, toPlainJson } from "./json-value.js";
import type { FieldNode, MessageNode, NamedNode, Properties, SchemaNode } from "./schema-nodes.js";

// Writes schemas as JSON the way Avro's Java implementation does (Schema.toString, Protocol.toString): a
// named type in full where it is first met and by name after that, names relative to the enclosing
// namespace, `"namespace": ""` for a null namespace inside another one.

// Java writes a name in full when its simple name is also the name of a schema type.
const TYPE_NAMES = new Set([
  "record",
  "enum",
  "array",
  "map",
  "union",
  "fixed",
  "string",
  "bytes",
  "int",
  "long",
  "float",
  "double",
  "boolean",
  "null",
]);

export type Lookup = (fullName: string) => NamedNode | undefined;

/**
 * How deep named types may be written inside one another (a chain of records each using the next one,
 * first met in that order); deeper is an error, never a stack overflow.
 */
export const MAX_INLINE_DEPTH = 500;

export class SchemaJsonWriter {
  /** Full names already written in full. */
  readonly known: Set<string>;
  private depth = 0;

  constructor(
    private readonly lookup: Lookup,
    known: Iterable<string> = [],
  ) {
    this.known = new Set(known);
  }

  schema(node: SchemaNode, namespace: string | null): unknown {
    switch (node.kind) {
      case "primitive":
        return node.props.size === 0 ? node.type : withProps({ type: node.type }, node.props);
      case "array":
        return withProps({ type: "array", items: this.schema(node.items, namespace) }, node.props);
      case "map":
        return withProps({ type: "map", values: this.schema(node.values, namespace) }, node.props);
      case "union":
        return node.branches.map((branch) => this.schema(branch, namespace));
      case "reference": {
        const named = this.lookup(node.fullName);
        if (named === undefined) throw new Error(`unresolved type ${node.fullName} reached the JSON writer`);
        return this.schema(named, namespace);
      }
      default:
        return this.named(node, namespace);
    }
  }

  private named(node: NamedNode, namespace: string | null): unknown {
    if (this.known.has(node.fullName)) return qualified(node.name, node.namespace, namespace);
    this.known.add(node.fullName);
    if (++this.depth > MAX_INLINE_DEPTH) {
      throw new AvroIdlError(node.at, `named types nest deeper than ${MAX_INLINE_DEPTH} levels when written as JSON`);
    }
    try {
      return this.definition(node, namespace);
    } finally {
      this.depth--;
    }
  }

  private definition(node: NamedNode, namespace: string | null): unknown {
    const json: Record<string, unknown> = { type: node.kind === "record" && node.error ? "error" : node.kind };
    json["name"] = node.name;
    if (node.namespace !== null) {
      if (node.namespace !== namespace) json["namespace"] = node.namespace;
    } else if (namespace !== null) json["namespace"] = "";
    switch (node.kind) {
      case "record":
        if (node.doc !== undefined) json["doc"] = node.doc;
        json["fields"] = this.fields(node.fields, node.namespace);
        break;
      case "enum":
        // Symbols before doc: key order means nothing to Avro, and it keeps generated code as it was.
        json["symbols"] = [...node.symbols];
        if (node.doc !== undefined) json["doc"] = node.doc;
        if (node.default !== undefined) json["default"] = node.default;
        break;
      case "fixed":
        if (node.doc !== undefined) json["doc"] = node.doc;
        json["size"] = node.size;
        break;
    }
    withProps(json, node.props);
    if (node.aliases.length > 0) {
      json["aliases"] = node.aliases.map((alias) => {
        const dot = alias.lastIndexOf(".");
        return qualified(alias.slice(dot + 1), dot === -1 ? null : alias.slice(0, dot), node.namespace);
      });
    }
    return json;
  }

  fields(fields: readonly FieldNode[], namespace: string | null): unknown[] {
    return fields.map((field) => {
      const json: Record<string, unknown> = { name: field.name, type: this.schema(field.type, namespace) };
      if (field.doc !== undefined) json["doc"] = field.doc;
      if (field.default !== undefined) json["default"] = toPlainJson(field.default);
      if (field.order !== "ascending") json["order"] = field.order;
      if (field.aliases.length > 0) json["aliases"] = [...field.aliases];
      return withProps(json, field.props);
    });
  }

  message(message: MessageNode, namespace: string | null): unknown {
    const json: Record<string, unknown> = {};
    if (message.doc !== undefined) json["doc"] = message.doc;
    withProps(json, message.props);
    json["request"] = this.fields(message.request, namespace);
    if (message.oneway) {
      json["response"] = "null";
      json["one-way"] = true;
    } else {
      json["response"] = this.schema(message.response, namespace);
      if (message.errors.length > 0) json["errors"] = message.errors.map((error) => this.schema(error, namespace));
    }
    return json;
  }
}

function qualified(name: string, space: string | null, namespace: string | null): string {
  return space !== null && space === namespace && !TYPE_NAMES.has(name)
    ? name
    : space === null
      ? name
      : `${space}.${name}`;
}

function withProps(json: Record<string, unknown>, props: Properties): Record<string, unknown> {
  for (const [key, value] of props) setOwn(json, key, toPlainJson(value));
  return json;
}
