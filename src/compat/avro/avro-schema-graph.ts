import { CodegenInputError } from "../../errors/index.js";
import { isValidAvroDefault } from "./avro-default-value.js";
import type { AvroField, AvroNamedNode, AvroNode, AvroPrimitiveTypeName, AvroUnionNode } from "./avro-nodes.js";

/** One schema document and where it came from (a file path, `git:REV:path`, a registry version). */
export interface AvroSchemaSource {
  readonly schema: unknown;
  /** Shown in errors: the file or label the schema came from. */
  readonly source: string;
  /** JSON path of the schema inside its source; default "$". */
  readonly jsonPath?: string;
  /** Namespace the document's top-level names are in (an .avdl protocol's); default none. */
  readonly namespace?: string;
}

/** A parsed set of schemas: the graph of each document, and every named type by full name. */
export interface AvroSchemaSet {
  readonly roots: readonly AvroNode[];
  readonly named: ReadonlyMap<string, AvroNamedNode>;
}

const PRIMITIVES: Readonly<Record<string, AvroPrimitiveTypeName>> = {
  null: "NULL",
  boolean: "BOOLEAN",
  int: "INT",
  long: "LONG",
  float: "FLOAT",
  double: "DOUBLE",
  bytes: "BYTES",
  string: "STRING",
};
// Java's default (UTF) name validator: a letter or _, then letters, digits or _, in any script.
const NAME = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;
/** Deeper nesting than any real schema has; hostile input fails here with a typed error, not a stack overflow. */
export const MAX_AVRO_SCHEMA_DEPTH = 500;

// Where a schema is: a chain of steps up to its document, so that the JSON path string is only built
// for an error message.
interface Where {
  readonly file: string;
  readonly parent: Where | undefined;
  /** The step from the parent (`.items`, `[2]`, `.fields[0]`), or the document's own JSON path. */
  readonly step: string;
  /** How many schemas deep this one is nested. */
  readonly depth: number;
}

// The location of a schema nested in the one at `where`.
function inner(where: Where, step: string): Where {
  const depth = where.depth + 1;
  if (depth > MAX_AVRO_SCHEMA_DEPTH)
    fail(where, `schemas nested more than ${MAX_AVRO_SCHEMA_DEPTH} deep are not accepted`);
  return { file: where.file, parent: where, step, depth };
}

function jsonPathOf(where: Where): string {
  const steps: string[] = [];
  for (let at: Where | undefined = where; at !== undefined; at = at.parent) steps.push(at.step);
  return steps.reverse().join("");
}

interface Definition {
  readonly node: AvroNamedNode;
  readonly json: Record<string, unknown>;
  readonly where: Where;
  filled: boolean;
}

/**
 * Parses Avro schema documents into one graph. Named types may be used from any document of the set
 * (Schema Registry references, types in other files) and before their definition. Invalid input (bad
 * names, unknown names, a type defined twice, invalid defaults, duplicate union branches) throws
 * CodegenInputError naming the source and JSON path.
 */
export function parseAvroSchemas(sources: readonly AvroSchemaSource[]): AvroSchemaSet {
  const definitions = new Map<string, Definition>();
  const byJson = new WeakMap<object, Definition>();
  for (const source of sources) {
    collectDefinitions(source.schema, source.namespace, at(source), definitions, byJson);
  }
  const parser = new GraphBuilder(definitions, byJson);
  const roots = sources.map((source) => parser.build(source.schema, source.namespace, at(source)));
  for (const definition of definitions.values()) parser.fill(definition);
  parser.checkDefaults();
  return { roots, named: new Map([...definitions].map(([name, definition]) => [name, definition.node])) };
}

/** Parses one schema, with the documents it references (named types it uses from elsewhere). */
export function parseAvroSchema(source: AvroSchemaSource, references: readonly AvroSchemaSource[] = []): AvroNode {
  const set = parseAvroSchemas([...references, source]);
  return set.roots[set.roots.length - 1] as AvroNode;
}

function at(source: AvroSchemaSource): Where {
  return { file: source.source, parent: undefined, step: source.jsonPath ?? "$", depth: 0 };
}

function fail(where: Where, detail: string, typeName?: string): never {
  const context = { file: where.file, jsonPath: jsonPathOf(where) };
  throw new CodegenInputError(typeName === undefined ? context : { ...context, typeName }, detail);
}

// Avro's rule (Java's Schema.Name): a dotted name carries its namespace; "" means the null namespace.
function qualify(name: string, namespace: string | undefined, where: Where): { name: string; space?: string } {
  const dot = name.lastIndexOf(".");
  const simple = dot < 0 ? name : name.slice(dot + 1);
  const space = dot < 0 ? namespace : name.slice(0, dot);
  if (!NAME.test(simple)) fail(where, `"${name}" is not a valid Avro name`);
  if (space !== undefined && space !== "") {
    for (const part of space.split(".")) if (!NAME.test(part)) fail(where, `"${space}" is not a valid Avro namespace`);
    return { name: simple, space };
  }
  return { name: simple };
}

function collectDefinitions(
  schema: unknown,
  namespace: string | undefined,
  where: Where,
  definitions: Map<string, Definition>,
  byJson: WeakMap<object, Definition>,
): void {
  if (Array.isArray(schema)) {
    schema.forEach((branch, index) => {
      collectDefinitions(branch, namespace, inner(where, `[${index}]`), definitions, byJson);
    });
    return;
  }
  if (!isObject(schema)) return;
  const { type } = schema;
  if (type === "record" || type === "error" || type === "enum" || type === "fixed") {
    const node = createNamedNode(schema, namespace, where);
    const earlier = definitions.get(node.fullName);
    if (earlier !== undefined) {
      byJson.set(schema, earlier);
      // The same definition read twice (a file that is also an .avdl import) is one type.
      if (JSON.stringify(earlier.json) === JSON.stringify(schema)) return;
      fail(
        where,
        `type ${node.fullName} is defined twice (first in ${earlier.where.file} at ${jsonPathOf(earlier.where)})`,
        node.fullName,
      );
    }
    const definition: Definition = { node, json: schema, where, filled: false };
    definitions.set(node.fullName, definition);
    byJson.set(schema, definition);
    if (node.type === "RECORD") {
      const fields = schema["fields"];
      if (!Array.isArray(fields)) fail(where, "a record needs a fields array", node.fullName);
      fields.forEach((field: unknown, index) => {
        if (isObject(field)) {
          collectDefinitions(
            field["type"],
            node.namespace,
            inner(where, `.fields[${index}].type`),
            definitions,
            byJson,
          );
        }
      });
    }
    return;
  }
  if (type === "array") {
    collectDefinitions(schema["items"], namespace, inner(where, ".items"), definitions, byJson);
  } else if (type === "map") {
    collectDefinitions(schema["values"], namespace, inner(where, ".values"), definitions, byJson);
  } else if (isObject(type) || Array.isArray(type)) {
    collectDefinitions(type, namespace, inner(where, ".type"), definitions, byJson);
  }
}

function createNamedNode(schema: Record<string, unknown>, enclosing: string | undefined, where: Where): AvroNamedNode {
  const rawName = schema["name"];
  if (typeof rawName !== "string" || rawName === "") fail(where, `a ${String(schema["type"])} needs a name`);
  const rawSpace = schema["namespace"];
  if (rawSpace !== undefined && typeof rawSpace !== "string") fail(where, "a namespace must be a string");
  const qualified = qualify(rawName, rawSpace ?? enclosing, where);
  const fullName = qualified.space === undefined ? qualified.name : `${qualified.space}.${qualified.name}`;
  if (qualified.space === undefined && qualified.name in PRIMITIVES)
    fail(where, `a named type cannot be called "${qualified.name}"`, fullName);
  const aliasList = schema["aliases"] ?? [];
  if (!Array.isArray(aliasList) || !aliasList.every((alias) => typeof alias === "string"))
    fail(where, "aliases must be an array of strings", fullName);
  const aliases = (aliasList as string[]).map((alias) => {
    const name = qualify(alias, qualified.space, where);
    if (name.space !== undefined) return `${name.space}.${name.name}`;
    return qualified.space === undefined ? name.name : `.${name.name}`;
  });
  const base = { fullName, name: qualified.name, namespace: qualified.space, aliases: [...new Set(aliases)] };
  switch (schema["type"]) {
    case "enum": {
      const symbols = schema["symbols"];
      if (!Array.isArray(symbols) || !symbols.every((symbol) => typeof symbol === "string" && NAME.test(symbol)))
        fail(where, "an enum needs a list of symbols, each a valid Avro name", fullName);
      if (new Set(symbols).size !== symbols.length) fail(where, "enum symbols must be unique", fullName);
      const fallback = schema["default"];
      if (fallback !== undefined && (typeof fallback !== "string" || !symbols.includes(fallback)))
        fail(where, `the enum default ${JSON.stringify(fallback)} is not one of its symbols`, fullName);
      return { ...base, type: "ENUM", symbols: symbols as string[], default: fallback as string | undefined };
    }
    case "fixed": {
      const size = schema["size"];
      if (typeof size !== "number" || !Number.isInteger(size) || size < 0 || size > 0x7fffffff)
        fail(where, "a fixed type needs a size: an integer >= 0", fullName);
      return { ...base, type: "FIXED", size };
    }
    default:
      return { ...base, type: "RECORD", fields: [] };
  }
}

interface PendingDefault {
  readonly field: AvroField;
  readonly value: unknown;
  readonly where: Where;
  readonly record: string;
}

class GraphBuilder {
  readonly #byJson: WeakMap<object, Definition>;
  readonly #definitions: ReadonlyMap<string, Definition>;
  readonly #defaults: PendingDefault[] = [];

  constructor(definitions: ReadonlyMap<string, Definition>, byJson: WeakMap<object, Definition>) {
    this.#definitions = definitions;
    this.#byJson = byJson;
  }

  build(schema: unknown, namespace: string | undefined, where: Where): AvroNode {
    if (typeof schema === "string") return this.#resolve(schema, namespace, where);
    if (Array.isArray(schema)) return this.#union(schema, namespace, where);
    if (!isObject(schema)) return fail(where, `not a schema: ${JSON.stringify(schema) ?? String(schema)}`);
    const { type } = schema;
    if (typeof type === "string" && type in PRIMITIVES) return { type: PRIMITIVES[type] as AvroPrimitiveTypeName };
    switch (type) {
      case "record":
      case "error":
      case "enum":
      case "fixed": {
        // Every definition was collected (and validated) in the first pass, keyed by its JSON object.
        const definition = this.#byJson.get(schema);
        if (definition === undefined) return fail(where, "internal: a named type was not collected");
        this.fill(definition);
        return definition.node;
      }
      case "array":
        if (!("items" in schema)) fail(where, "an array needs items");
        return {
          type: "ARRAY",
          items: this.build(schema["items"], namespace, inner(where, ".items")),
        };
      case "map":
        if (!("values" in schema)) fail(where, "a map needs values");
        return {
          type: "MAP",
          values: this.build(schema["values"], namespace, inner(where, ".values")),
        };
      default:
        // `{"type": "com.acme.Name"}` and `{"type": [...]}`: the schema in `type`.
        if (type !== undefined) return this.build(type, namespace, inner(where, ".type"));
        return fail(where, "a schema object needs a type");
    }
  }

  fill(definition: Definition): void {
    if (definition.filled) return;
    definition.filled = true;
    const { node, json, where } = definition;
    if (node.type !== "RECORD") return;
    const names = new Set<string>();
    (json["fields"] as unknown[]).forEach((raw, position) => {
      const fieldWhere = inner(where, `.fields[${position}]`);
      if (!isObject(raw) || typeof raw["name"] !== "string" || !NAME.test(raw["name"]))
        fail(fieldWhere, "a field needs a name that is a valid Avro name", node.fullName);
      const name = raw["name"];
      if (names.has(name)) fail(fieldWhere, `field "${name}" is declared twice`, node.fullName);
      names.add(name);
      if (!("type" in raw)) fail(fieldWhere, `field "${name}" has no type`, node.fullName);
      const aliases = raw["aliases"] ?? [];
      if (!Array.isArray(aliases) || !aliases.every((alias) => typeof alias === "string"))
        fail(fieldWhere, "field aliases must be an array of strings", node.fullName);
      const type = this.build(raw["type"], node.namespace, inner(fieldWhere, ".type"));
      const field: AvroField = {
        name,
        position,
        type,
        hasDefault: "default" in raw,
        aliases: [...new Set(aliases as string[])],
      };
      node.fields.push(field);
      if ("default" in raw)
        this.#defaults.push({ field, value: raw["default"], where: fieldWhere, record: node.fullName });
    });
  }

  // Defaults are checked once every type is complete: a default may hold a record defined later.
  checkDefaults(): void {
    for (const { field, value, where, record } of this.#defaults) {
      if (!isValidAvroDefault(field.type, value))
        fail(where, `invalid default for field "${field.name}": ${JSON.stringify(value)}`, record);
    }
  }

  #resolve(name: string, namespace: string | undefined, where: Where): AvroNode {
    const primitive = PRIMITIVES[name];
    if (primitive !== undefined) return { type: primitive };
    // Java's lookup: the name in the enclosing namespace first, then as written.
    const inSpace = namespace !== undefined && namespace !== "" && !name.includes(".") ? `${namespace}.${name}` : name;
    const definition = this.#definitions.get(inSpace) ?? this.#definitions.get(name);
    if (definition === undefined) {
      const hint = inSpace === name ? "" : ` (looked up as ${inSpace} too)`;
      return fail(where, `undefined type name "${name}"${hint}`);
    }
    return definition.node;
  }

  #union(schema: readonly unknown[], namespace: string | undefined, where: Where): AvroUnionNode {
    const branches = schema.map((branch, index) => this.build(branch, namespace, inner(where, `[${index}]`)));
    const seen = new Set<string>();
    branches.forEach((branch, index) => {
      const branchWhere = inner(where, `[${index}]`);
      if (branch.type === "UNION") fail(branchWhere, "a union cannot contain a union");
      const key = "fullName" in branch ? branch.fullName : branch.type;
      if (seen.has(key)) fail(branchWhere, `the union has two ${key} branches`);
      seen.add(key);
    });
    return { type: "UNION", branches };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
