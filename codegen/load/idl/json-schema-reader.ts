import type { SourcePosition } from "./idl-errors.js";
import { isJsonArray, isJsonObject, JsonNumber, type JsonObject, type JsonValue, toPlainJson } from "./json-value.js";
import type { NamedTypes } from "./named-types.js";
import {
  ENUM_RESERVED,
  FIELD_RESERVED,
  isValidName,
  MESSAGE_RESERVED,
  PROTOCOL_RESERVED,
  SCHEMA_RESERVED,
} from "./schema-rules.js";
import {
  type FieldNode,
  fullNameOf,
  type MessageNode,
  type NamedNode,
  type PrimitiveType,
  type Properties,
  type SchemaNode,
} from "./schema-nodes.js";

const PRIMITIVES: ReadonlySet<string> = new Set<PrimitiveType>([
  "null",
  "boolean",
  "int",
  "long",
  "float",
  "double",
  "bytes",
  "string",
]);

/** Where JSON schemas come from, and how their errors are reported. */
export interface JsonSchemaSource {
  readonly origin: NamedNode["origin"];
  /** Where errors point: the JSON file itself, or the import statement that read it. */
  readonly at: SourcePosition;
  readonly fail: (detail: string) => never;
}

/**
 * Reads JSON schemas (an .avsc file, the types of an .avpr) into `types` as Java's Schema parser does: a
 * named type is added once its own fields are read (so nested types come first), names are looked up in
 * the enclosing namespace and then as written, unknown names stay references until resolution.
 */
export class JsonSchemaReader {
  constructor(
    private readonly types: NamedTypes,
    private readonly source: JsonSchemaSource,
  ) {}

  schema(value: JsonValue, space: string | null): SchemaNode {
    const { fail, at } = this.source;
    if (typeof value === "string") {
      if (PRIMITIVES.has(value)) return { kind: "primitive", type: value as PrimitiveType, props: new Map() };
      return { kind: "reference", fullName: this.types.find(value, space), at };
    }
    if (isJsonArray(value)) {
      const branches = value.map((branch) => this.schema(branch, space));
      return { kind: "union", branches, props: new Map(), optional: false, at };
    }
    if (!isJsonObject(value)) return fail(`not a schema: ${JSON.stringify(toPlainJson(value))}`);
    const type = value.get("type");
    if (typeof type !== "string") return fail('a schema object needs a "type" string');
    if (PRIMITIVES.has(type))
      return { kind: "primitive", type: type as PrimitiveType, props: properties(value, SCHEMA_RESERVED) };
    switch (type) {
      case "record":
      case "error":
        return this.record(value, space, type === "error");
      case "enum":
        return this.enumeration(value, space);
      case "fixed":
        return this.fixed(value, space);
      case "array": {
        const items = value.get("items");
        if (items === undefined) return fail("an array needs items");
        return { kind: "array", items: this.schema(items, space), props: properties(value, SCHEMA_RESERVED) };
      }
      case "map": {
        const values = value.get("values");
        if (values === undefined) return fail("a map needs values");
        return { kind: "map", values: this.schema(values, space), props: properties(value, SCHEMA_RESERVED) };
      }
      default:
        return fail(`"type": "${type}" is not a primitive type, record, error, enum, fixed, array or map`);
    }
  }

  field(field: JsonValue, space: string | null, reserved: ReadonlySet<string>, withOrder: boolean): FieldNode {
    const { fail, at } = this.source;
    if (!isJsonObject(field)) return fail("a field must be an object");
    const fieldName = field.get("name");
    if (typeof fieldName !== "string" || !isValidName(fieldName)) return fail("a field needs a valid name");
    const type = field.get("type");
    if (type === undefined) return fail(`field ${fieldName} has no type`);
    const schema = this.schema(type, space);
    let order: FieldNode["order"] = "ascending";
    const writtenOrder = field.get("order");
    if (withOrder && writtenOrder !== undefined) {
      const upper = typeof writtenOrder === "string" ? writtenOrder.toUpperCase() : "";
      if (upper !== "ASCENDING" && upper !== "DESCENDING" && upper !== "IGNORE")
        fail(`field ${fieldName}: "order" must be "ascending", "descending" or "ignore"`);
      order = upper.toLowerCase() as FieldNode["order"];
    }
    let fallback = field.get("default");
    if (
      typeof fallback === "string" &&
      schema.kind === "primitive" &&
      (schema.type === "float" || schema.type === "double")
    ) {
      const number = javaParseDouble(fallback);
      if (number === undefined) fail(`field ${fieldName}: the default "${fallback}" is not a number`);
      fallback = JsonNumber.ofDouble(number ?? 0);
    }
    const doc = field.get("doc");
    return {
      name: fieldName,
      type: schema,
      doc: typeof doc === "string" ? doc : undefined,
      default: fallback,
      order,
      aliases: this.aliases(field, null, false),
      props: properties(field, reserved),
      at,
    };
  }

  private named(value: JsonObject, space: string | null) {
    const { fail, at, origin } = this.source;
    const written = value.get("name");
    if (typeof written !== "string") return fail("a named type needs a name");
    const own = value.get("namespace");
    let namespace = typeof own === "string" ? own : space;
    let simple = written;
    const dot = written.lastIndexOf(".");
    if (dot !== -1) {
      namespace = written.slice(0, dot);
      simple = written.slice(dot + 1);
    }
    if (namespace === "") namespace = null;
    for (const part of [simple, ...(namespace === null ? [] : namespace.split("."))]) {
      if (!isValidName(part)) fail(`"${fullNameOf(simple, namespace)}" is not a valid name`);
    }
    if (namespace === null && PRIMITIVES.has(simple)) fail(`a named type cannot be called "${simple}"`);
    const doc = value.get("doc");
    return {
      name: simple,
      namespace,
      fullName: fullNameOf(simple, namespace),
      doc: typeof doc === "string" ? doc : undefined,
      aliases: this.aliases(value, namespace, true),
      at,
      origin,
    };
  }

  private add<T extends NamedNode>(node: T): T {
    if (this.types.put(node) !== undefined) this.source.fail(`type ${node.fullName} is defined twice, differently`);
    return node;
  }

  private record(value: JsonObject, space: string | null, error: boolean): NamedNode {
    const base = this.named(value, space);
    const fields = value.get("fields");
    if (!isJsonArray(fields)) return this.source.fail(`record ${base.fullName} needs a fields array`);
    const parsed = fields.map((field) => this.field(field, base.namespace, FIELD_RESERVED, true));
    return this.add({ ...base, kind: "record", error, fields: parsed, props: properties(value, SCHEMA_RESERVED) });
  }

  private enumeration(value: JsonObject, space: string | null): NamedNode {
    const { fail } = this.source;
    const base = this.named(value, space);
    const symbols = value.get("symbols");
    if (!isJsonArray(symbols)) return fail(`enum ${base.fullName} needs a symbols array`);
    const names = symbols.map((symbol) => {
      if (typeof symbol !== "string" || !isValidName(symbol))
        return fail(`enum ${base.fullName}: ${JSON.stringify(toPlainJson(symbol))} is not a valid symbol`);
      return symbol;
    });
    if (new Set(names).size !== names.length) fail(`enum ${base.fullName} repeats a symbol`);
    const fallback = value.get("default");
    const symbol = typeof fallback === "string" ? fallback : undefined;
    if (symbol !== undefined && !names.includes(symbol))
      fail(`the default "${symbol}" of enum ${base.fullName} is not one of its symbols`);
    return this.add({
      ...base,
      kind: "enum",
      symbols: names,
      default: symbol,
      props: properties(value, ENUM_RESERVED),
    });
  }

  private fixed(value: JsonObject, space: string | null): NamedNode {
    const base = this.named(value, space);
    const size = value.get("size");
    if (!(size instanceof JsonNumber) || size.kind !== "int" || size.value < 0)
      return this.source.fail(`fixed ${base.fullName} needs a size: an integer >= 0`);
    return this.add({ ...base, kind: "fixed", size: size.value, props: properties(value, SCHEMA_RESERVED) });
  }

  private aliases(value: JsonObject, namespace: string | null, qualify: boolean): string[] {
    const { fail } = this.source;
    const list = value.get("aliases");
    if (list === undefined) return [];
    if (!isJsonArray(list)) return fail('"aliases" must be an array');
    const out: string[] = [];
    for (const alias of list) {
      if (typeof alias !== "string") return fail("an alias must be a string");
      const full = qualify ? qualifyAlias(alias, namespace, fail) : alias;
      if (!out.includes(full)) out.push(full);
    }
    return out;
  }
}

/** A protocol read from JSON (.avpr): its own types, resolved on their own, and its messages. */
export interface JsonProtocol {
  readonly name: string;
  readonly namespace: string | null;
  readonly doc: string | undefined;
  readonly props: Properties;
  readonly types: NamedTypes;
  readonly messages: Map<string, MessageNode>;
}

/** Java's Protocol.parse: types in the protocol's namespace, then messages, in a context of their own. */
export function readJsonProtocol(json: JsonValue, types: NamedTypes, source: JsonSchemaSource): JsonProtocol {
  const { fail, at } = source;
  if (!isJsonObject(json)) return fail("a protocol must be a JSON object");
  const written = json.get("protocol");
  if (typeof written !== "string") return fail('a protocol needs a "protocol" name');
  const ownNamespace = json.get("namespace");
  let namespace: string | null = typeof ownNamespace === "string" ? ownNamespace : null;
  let name = written;
  const dot = written.lastIndexOf(".");
  if (dot !== -1) {
    namespace = written.slice(0, dot);
    name = written.slice(dot + 1);
  }
  if (namespace === "") namespace = null;
  const reader = new JsonSchemaReader(types, source);
  const declared = json.get("types");
  if (declared !== undefined) {
    if (!isJsonArray(declared)) return fail('"types" must be an array');
    for (const type of declared) {
      if (!isJsonObject(type)) return fail("each of the types must be a JSON object");
      reader.schema(type, namespace);
    }
  }
  const messages = new Map<string, MessageNode>();
  const declaredMessages = json.get("messages");
  if (declaredMessages !== undefined && isJsonObject(declaredMessages)) {
    for (const [messageName, message] of declaredMessages) {
      if (!isJsonObject(message)) return fail(`message ${messageName} must be an object`);
      const request = message.get("request");
      if (!isJsonArray(request)) return fail(`message ${messageName} needs a request array`);
      const parameters = request.map((field) =>
        reader.field(field, namespace, new Set(["name", "type", "doc", "default", "aliases"]), false),
      );
      const onewayValue = message.get("one-way");
      if (onewayValue !== undefined && typeof onewayValue !== "boolean") return fail("one-way must be a boolean");
      const oneway = onewayValue === true;
      const response = message.get("response");
      if (!oneway && response === undefined) return fail(`message ${messageName} needs a response`);
      const errors = message.get("errors");
      const errorNodes: SchemaNode[] = [];
      if (oneway && errors !== undefined) return fail(`one-way message ${messageName} cannot have errors`);
      if (errors !== undefined) {
        if (!isJsonArray(errors)) return fail(`the errors of message ${messageName} must be an array`);
        for (const error of errors) {
          const found = typeof error === "string" ? types.get(types.find(error, namespace)) : undefined;
          if (found?.kind !== "record" || !found.error)
            return fail(`message ${messageName}: ${JSON.stringify(toPlainJson(error))} is not an error type`);
          errorNodes.push({ kind: "reference", fullName: found.fullName, at });
        }
      }
      const responseNode: SchemaNode =
        response === undefined
          ? { kind: "primitive", type: "null", props: new Map() }
          : reader.schema(response, namespace);
      if (oneway && !(responseNode.kind === "primitive" && responseNode.type === "null"))
        return fail(`one-way message ${messageName} must have a null response`);
      const doc = message.get("doc");
      messages.set(messageName, {
        name: messageName,
        doc: typeof doc === "string" ? doc : undefined,
        props: properties(message, MESSAGE_RESERVED),
        request: parameters,
        response: responseNode,
        errors: errorNodes,
        oneway,
        at,
      });
    }
  }
  const doc = json.get("doc");
  return {
    name,
    namespace,
    doc: typeof doc === "string" ? doc : undefined,
    props: properties(json, PROTOCOL_RESERVED),
    types,
    messages,
  };
}

/** An alias's full name: without a dot it is in the type's namespace; a leading dot means the null one. */
export function qualifyAlias(alias: string, namespace: string | null, fail: (detail: string) => never): string {
  const dot = alias.lastIndexOf(".");
  const simple = alias.slice(dot + 1);
  if (!isValidName(simple)) fail(`the alias "${alias}" is not a valid name`);
  if (dot === -1) return fullNameOf(simple, namespace);
  return dot === 0 ? simple : alias;
}

function properties(value: JsonObject, reserved: ReadonlySet<string>): Properties {
  const props: Properties = new Map();
  for (const [key, item] of value) if (!reserved.has(key)) props.set(key, item);
  return props;
}

/** Java's Double.parseDouble on a default written as a string (surrounding spaces allowed). */
function javaParseDouble(text: string): number | undefined {
  const trimmed = text.trim().replace(/[fFdD]$/, "");
  if (/^[+-]?NaN$/.test(trimmed)) return Number.NaN;
  if (/^[+-]?Infinity$/.test(trimmed)) return trimmed.startsWith("-") ? -Infinity : Infinity;
  if (!/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}
