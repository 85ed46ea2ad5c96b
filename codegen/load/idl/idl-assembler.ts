import { docFromComment } from "./doc-comments.js";
import { AvroIdlError, type SourcePosition } from "./idl-errors.js";
import type {
  FieldSyntax,
  FullTypeSyntax,
  IdlFileSyntax,
  ImportSyntax,
  MessageSyntax,
  NamedTypeSyntax,
  PlainTypeSyntax,
  PropertySyntax,
  ProtocolSyntax,
} from "./idl-syntax.js";
import { isJsonArray, JsonNumber, type JsonValue } from "./json-value.js";
import type { NamedTypes } from "./named-types.js";
import { qualifyAlias } from "./json-schema-reader.js";
import {
  addProperty,
  ENUM_RESERVED,
  FIELD_RESERVED,
  isValidName,
  PROTOCOL_RESERVED,
  reapplyLogicalType,
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
  type UnionNode,
} from "./schema-nodes.js";
import type { SourceText } from "./source-text.js";

// Names Java's IDL reader refuses for named types (its list has `localtimestamp_ms`, so
// `local_timestamp_ms` is allowed).
const INVALID_TYPE_NAMES = new Set([
  "boolean",
  "int",
  "long",
  "float",
  "double",
  "bytes",
  "string",
  "null",
  "date",
  "time_ms",
  "timestamp_ms",
  "localtimestamp_ms",
  "uuid",
]);

const SHORTHANDS: Readonly<Record<string, { type: PrimitiveType; logicalType?: string }>> = {
  boolean: { type: "boolean" },
  int: { type: "int" },
  long: { type: "long" },
  float: { type: "float" },
  double: { type: "double" },
  bytes: { type: "bytes" },
  string: { type: "string" },
  null: { type: "null" },
  date: { type: "int", logicalType: "date" },
  time_ms: { type: "int", logicalType: "time-millis" },
  timestamp_ms: { type: "long", logicalType: "timestamp-millis" },
  local_timestamp_ms: { type: "long", logicalType: "local-timestamp-millis" },
  uuid: { type: "string", logicalType: "uuid" },
};

/** A protocol as assembled so far: its messages grow with imported protocols. */
export interface ProtocolNode {
  readonly name: string;
  readonly namespace: string | null;
  readonly doc: string | undefined;
  readonly props: Properties;
  readonly messages: Map<string, MessageNode>;
}

/** What one IDL file defines besides named types (those go into the shared NamedTypes). */
export interface AssembledFile {
  readonly protocol: ProtocolNode | undefined;
  readonly mainSchema: SchemaNode | undefined;
}

/** Reads the files a file imports; returns the messages of an imported protocol, if it has any. */
export interface ImportHost {
  importFile(statement: ImportSyntax, importer: SourceText): ReadonlyMap<string, MessageNode> | undefined;
}

/** How one IDL file becomes schemas, following Avro 1.12's Java IDL reader rule by rule. */
export class IdlAssembler {
  private readonly namespaces: (string | null)[] = [];
  private protocol: ProtocolNode | undefined;

  constructor(
    private readonly source: SourceText,
    private readonly path: string,
    private readonly types: NamedTypes,
    private readonly host: ImportHost,
  ) {}

  assemble(syntax: IdlFileSyntax): AssembledFile {
    if (syntax.kind === "protocol") {
      this.assembleProtocol(syntax.protocol);
      return { protocol: this.protocol, mainSchema: undefined };
    }
    if (syntax.namespace !== undefined) {
      this.checkNamespace(syntax.namespace.name, syntax.namespace.offset);
      this.namespaces.push(syntax.namespace.name === "" ? null : syntax.namespace.name);
    }
    let mainSchema: SchemaNode | undefined;
    if (syntax.mainSchema !== undefined) {
      mainSchema = this.fullType(syntax.mainSchema);
      if (mainSchema.kind === "reference") this.types.reserve(mainSchema.fullName);
    }
    for (const item of syntax.body) {
      if (item.kind === "import") this.host.importFile(item, this.source);
      else this.namedType(item);
    }
    return { protocol: undefined, mainSchema };
  }

  private assembleProtocol(syntax: ProtocolSyntax): void {
    const { namespace: annotated, props } = this.properties(syntax.properties, { namespace: true });
    const dot = syntax.name.lastIndexOf(".");
    const namespace = dot === -1 ? (annotated ?? null) : syntax.name.slice(0, dot);
    if (namespace !== null) this.checkNamespace(namespace, syntax.nameOffset);
    const name = this.typeName(syntax.name, syntax.nameOffset);
    const protocolProps: Properties = new Map();
    for (const [key, value] of props) this.addProp(protocolProps, PROTOCOL_RESERVED, key, value.value, value.offset);
    this.protocol = {
      name,
      namespace: namespace === "" ? null : namespace,
      doc: docOf(syntax.doc),
      props: protocolProps,
      messages: new Map(),
    };
    this.namespaces.push(this.protocol.namespace);
    for (const item of syntax.body) {
      if (item.kind === "import") {
        const messages = this.host.importFile(item, this.source);
        for (const [key, message] of messages ?? []) this.protocol.messages.set(key, message);
      } else if (item.kind === "message") this.message(item);
      else this.namedType(item);
    }
    this.namespaces.pop();
  }

  private namedType(syntax: NamedTypeSyntax): void {
    const {
      namespace: annotated,
      aliases,
      props,
    } = this.properties(syntax.properties, {
      namespace: true,
      aliases: true,
    });
    const dot = syntax.name.lastIndexOf(".");
    let namespace = dot === -1 ? (annotated ?? this.currentNamespace()) : syntax.name.slice(0, dot);
    if (namespace === "") namespace = null;
    if (namespace !== null) this.checkNamespace(namespace, syntax.nameOffset);
    const name = this.typeName(syntax.name, syntax.nameOffset);
    const fullName = fullNameOf(name, namespace);
    const at = this.at(syntax.offset);
    const fail = (detail: string, offset = syntax.nameOffset): never => this.fail(offset, detail);
    const base = {
      name,
      namespace,
      fullName,
      doc: docOf(syntax.doc),
      aliases: aliases.map((alias) => qualifyAlias(alias, namespace, (detail) => fail(detail))),
      props: new Map() as Properties,
      at,
      origin: { path: this.path, format: "idl" as const },
    };
    let node: NamedNode;
    switch (syntax.kind) {
      case "record": {
        const record: NamedNode = { ...base, kind: "record", error: syntax.error, fields: [] };
        this.copyProps(record, props, SCHEMA_RESERVED, syntax.nameOffset);
        this.namespaces.push(namespace);
        const names = new Set<string>();
        for (const field of syntax.fields) {
          for (const built of this.field(field)) {
            if (names.has(built.name))
              fail(`field "${built.name}" is declared twice in record ${fullName}`, field.offset);
            names.add(built.name);
            record.fields.push(built);
          }
        }
        this.namespaces.pop();
        node = record;
        break;
      }
      case "enum": {
        const symbols = syntax.symbols.map((symbol) => {
          if (!isValidName(symbol.name)) this.fail(symbol.offset, `"${symbol.name}" is not a valid enum symbol`);
          return symbol.name;
        });
        const seen = new Set<string>();
        for (const symbol of syntax.symbols) {
          if (seen.has(symbol.name)) this.fail(symbol.offset, `enum ${fullName} has the symbol ${symbol.name} twice`);
          seen.add(symbol.name);
        }
        if (syntax.default !== undefined && !symbols.includes(syntax.default.name))
          this.fail(syntax.default.offset, `the default ${syntax.default.name} is not a symbol of enum ${fullName}`);
        node = { ...base, kind: "enum", symbols, default: syntax.default?.name };
        this.copyProps(node, props, ENUM_RESERVED, syntax.nameOffset);
        break;
      }
      case "fixed": {
        const size = javaInteger(syntax.size.text);
        if (size === undefined || size < 0)
          this.fail(syntax.size.offset, `the size of fixed ${fullName} must be an int from 0 to 2147483647`);
        node = { ...base, kind: "fixed", size: size ?? 0 };
        this.copyProps(node, props, SCHEMA_RESERVED, syntax.nameOffset);
        break;
      }
    }
    const earlier = this.types.put(node);
    if (earlier !== undefined) {
      fail(
        `type ${fullName} is already defined differently ` +
          `(at ${earlier.at.file}:${earlier.at.line}:${earlier.at.column})`,
      );
    }
  }

  /** One field per variable: `int a, b = 1;` declares two. */
  private field(syntax: FieldSyntax): FieldNode[] {
    const type = this.fullType(syntax.type);
    return syntax.variables.map((variable) => {
      const { aliases, order, props } = this.properties(variable.properties, { aliases: true, order: true });
      if (!isValidName(variable.name)) this.fail(variable.offset, `"${variable.name}" is not a valid field name`);
      const fallback = variable.default?.value;
      const fieldProps: Properties = new Map();
      for (const [key, value] of props) this.addProp(fieldProps, FIELD_RESERVED, key, value.value, value.offset);
      return {
        name: variable.name,
        type: type.kind === "union" && type.optional ? orderOptional(type, fallback) : type,
        doc: docOf(variable.doc) ?? docOf(syntax.doc),
        default: fallback,
        order: order ?? "ascending",
        aliases: [...new Set(aliases)],
        props: fieldProps,
        at: this.at(variable.offset),
      };
    });
  }

  private message(syntax: MessageSyntax): void {
    const { props } = this.properties(syntax.properties, {});
    const messageProps: Properties = new Map();
    // Java copies message properties without checking reserved names.
    for (const [key, value] of props) messageProps.set(key, value.value);
    const response: SchemaNode =
      syntax.result === undefined
        ? { kind: "primitive", type: "null", props: new Map() }
        : this.plainType(syntax.result, props.size > 0);
    const request: FieldNode[] = [];
    const names = new Set<string>();
    for (const parameter of syntax.parameters) {
      for (const built of this.field(parameter)) {
        if (names.has(built.name))
          this.fail(parameter.offset, `message ${syntax.name} has two parameters named ${built.name}`);
        names.add(built.name);
        request.push(built);
      }
    }
    if (syntax.oneway && !(response.kind === "primitive" && response.type === "null"))
      this.fail(syntax.resultOffset, `one-way message ${syntax.name} must return void`);
    const errors: SchemaNode[] = syntax.errors.map((error) => ({
      kind: "reference",
      fullName: this.qualify(error.name),
      at: this.at(error.offset),
    }));
    this.protocol?.messages.set(syntax.name, {
      name: syntax.name,
      doc: docOf(syntax.doc),
      props: messageProps,
      request,
      response,
      errors,
      oneway: syntax.oneway,
      at: this.at(syntax.offset),
    });
  }

  private fullType(syntax: FullTypeSyntax): SchemaNode {
    const { props } = this.properties(syntax.properties, {});
    const type = this.plainType(syntax.type, props.size > 0);
    const target = type.kind === "union" && type.optional ? type.branches[1] : type;
    if (target !== undefined && target.kind !== "reference") {
      for (const [key, value] of props) {
        if (target.kind === "union") this.addProp(target.props, SCHEMA_RESERVED, key, value.value, value.offset);
        else
          this.addProp(
            target.props,
            target.kind === "enum" ? ENUM_RESERVED : SCHEMA_RESERVED,
            key,
            value.value,
            value.offset,
          );
      }
      reapplyLogicalType(target, (detail) => this.fail(syntax.offset, detail));
    }
    return type;
  }

  private plainType(syntax: PlainTypeSyntax, annotated: boolean): SchemaNode {
    const at = this.at(syntax.offset);
    const optional = (node: SchemaNode, isOptional: boolean): SchemaNode =>
      isOptional
        ? {
            kind: "union",
            branches: [{ kind: "primitive", type: "null", props: new Map() }, node],
            props: new Map(),
            optional: true,
            at,
          }
        : node;
    switch (syntax.kind) {
      case "primitive": {
        const shorthand = SHORTHANDS[syntax.name] ?? { type: "null" };
        const props: Properties = new Map();
        if (shorthand.logicalType !== undefined) props.set("logicalType", shorthand.logicalType);
        return optional({ kind: "primitive", type: shorthand.type, props }, syntax.optional);
      }
      case "decimal": {
        const precision = javaInteger(syntax.precision);
        const scale = syntax.scale === undefined ? 0 : javaInteger(syntax.scale);
        if (precision === undefined || precision <= 0)
          this.fail(syntax.offset, `invalid decimal precision ${syntax.precision} (must be a positive int)`);
        if (scale === undefined || scale < 0 || scale > (precision ?? 0))
          this.fail(syntax.offset, `invalid decimal scale ${syntax.scale ?? ""} (must be from 0 to the precision)`);
        const props: Properties = new Map<string, JsonValue>([
          ["logicalType", "decimal"],
          ["precision", JsonNumber.ofInteger(BigInt(precision ?? 0))],
          ["scale", JsonNumber.ofInteger(BigInt(scale ?? 0))],
        ]);
        return optional({ kind: "primitive", type: "bytes", props }, syntax.optional);
      }
      case "reference":
        if (annotated)
          this.fail(syntax.offset, "type references may not be annotated (annotate the type's declaration)");
        return optional({ kind: "reference", fullName: this.qualify(syntax.name), at }, syntax.optional);
      case "array":
        return { kind: "array", items: this.fullType(syntax.items), props: new Map() };
      case "map":
        return { kind: "map", values: this.fullType(syntax.values), props: new Map() };
      case "union":
        return {
          kind: "union",
          branches: syntax.branches.map((branch) => this.fullType(branch)),
          props: new Map(),
          optional: false,
          at,
        };
    }
  }

  /**
   * The properties written before a declaration: `@namespace`, `@aliases` and `@order` are taken apart
   * where the declaration has them, every other one is kept (a repeated name keeps its last value).
   */
  private properties(
    syntax: readonly PropertySyntax[],
    accepts: { namespace?: boolean; aliases?: boolean; order?: boolean },
  ): {
    namespace: string | undefined;
    aliases: string[];
    order: FieldNode["order"] | undefined;
    props: Map<string, { value: JsonValue; offset: number }>;
  } {
    let namespace: string | undefined;
    let aliases: string[] = [];
    let order: FieldNode["order"] | undefined;
    const props = new Map<string, { value: JsonValue; offset: number }>();
    for (const property of syntax) {
      const { name, value, valueOffset } = property;
      if (accepts.namespace === true && name === "namespace") {
        if (typeof value !== "string") this.fail(valueOffset, "@namespace(...) must hold a string");
        namespace = value as string;
      } else if (accepts.aliases === true && name === "aliases") {
        if (!isJsonArray(value) || !value.every((alias) => typeof alias === "string"))
          this.fail(valueOffset, "@aliases(...) must hold an array of strings");
        aliases = [...(value as string[])];
      } else if (accepts.order === true && name === "order") {
        const upper = typeof value === "string" ? value.toUpperCase() : undefined;
        if (upper !== "ASCENDING" && upper !== "DESCENDING" && upper !== "IGNORE")
          this.fail(valueOffset, '@order(...) must hold "ASCENDING", "DESCENDING" or "IGNORE"');
        order = (upper ?? "ASCENDING").toLowerCase() as FieldNode["order"];
      } else {
        const earlier = props.get(name);
        props.set(name, { value, offset: earlier?.offset ?? property.offset });
      }
    }
    return { namespace, aliases, order, props };
  }

  private copyProps(
    node: NamedNode,
    props: ReadonlyMap<string, { value: JsonValue; offset: number }>,
    reserved: ReadonlySet<string>,
    offset: number,
  ): void {
    for (const [key, value] of props) this.addProp(node.props, reserved, key, value.value, value.offset);
    reapplyLogicalType(node, (detail) => this.fail(offset, detail));
  }

  private addProp(
    props: Properties,
    reserved: ReadonlySet<string>,
    name: string,
    value: JsonValue,
    offset: number,
  ): void {
    addProperty(props, reserved, name, value, (detail) => this.fail(offset, detail));
  }

  private typeName(identifier: string, offset: number): string {
    const name = identifier.slice(identifier.lastIndexOf(".") + 1);
    if (!isValidName(name) || INVALID_TYPE_NAMES.has(name)) this.fail(offset, `"${name}" cannot be the name of a type`);
    return name;
  }

  private checkNamespace(namespace: string, offset: number): void {
    if (namespace === "") return;
    for (const part of namespace.split(".")) {
      if (!isValidName(part)) this.fail(offset, `"${namespace}" is not a valid namespace`);
    }
  }

  private currentNamespace(): string | null {
    return this.namespaces.at(-1) ?? null;
  }

  private qualify(name: string): string {
    const namespace = this.currentNamespace();
    return name.includes(".") || namespace === null ? name : `${namespace}.${name}`;
  }

  private at(offset: number): SourcePosition {
    return this.source.position(offset);
  }

  private fail(offset: number, detail: string): never {
    throw new AvroIdlError(this.at(offset), detail);
  }
}

/**
 * `T?` is `[null, T]`, or `[T, null]` when the field's default is not null (a union's default belongs
 * to its first branch).
 */
function orderOptional(union: UnionNode, fallback: JsonValue | undefined): UnionNode {
  const [nullBranch, branch] = union.branches as [SchemaNode, SchemaNode];
  const nonNullDefault = fallback !== undefined && fallback !== null;
  return {
    kind: "union",
    branches: nonNullDefault ? [branch, nullBranch] : [nullBranch, branch],
    props: union.props,
    optional: false,
    at: union.at,
  };
}

/** Java's Integer.decode: decimal, 0x hex or 0 octal, in the int range; anything else is undefined. */
function javaInteger(text: string): number | undefined {
  if (/[lL]$/.test(text)) return undefined;
  const negative = text.startsWith("-");
  const digits = negative ? text.slice(1) : text;
  let value: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(digits)) value = BigInt(digits);
  else if (/^0[0-7]+$/.test(digits)) value = BigInt(`0o${digits.slice(1)}`);
  else if (/^[0-9]+$/.test(digits)) value = BigInt(digits);
  else return undefined;
  if (negative) value = -value;
  return BigInt.asIntN(32, value) === value ? Number(value) : undefined;
}

function docOf(raw: string | undefined): string | undefined {
  return raw === undefined ? undefined : docFromComment(raw);
}
