import { CodegenInputError } from "../../src/errors/index.js";
import type {
  EnumModel,
  FieldModel,
  FixedModel,
  LogicalModel,
  NamedModel,
  PrimitiveName,
  RecordModel,
  SchemaModel,
  SourceModel,
  TypeModel,
} from "./avro-model.js";

/** One schema file's parsed content: the top-level schemas it holds (an .avsc array, an .avdl's types). */
export interface LoadedSchemaFile {
  readonly file: string;
  readonly sha256: string;
  readonly schemas: readonly unknown[];
  /** JSON path of each top-level schema inside the file ("$" for a single .avsc schema). */
  readonly paths: readonly string[];
  /** The namespace top-level names are in (an .avdl protocol's namespace); default none. */
  readonly namespace?: string;
}

const PRIMITIVES: ReadonlySet<string> = new Set<PrimitiveName>([
  "null",
  "boolean",
  "int",
  "long",
  "float",
  "double",
  "bytes",
  "string",
]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Logical types and the underlying types the Avro specification allows them on; any other combination
// is ignored, as the specification requires (the underlying type is used).
const LOGICAL_BASES: Readonly<Record<string, readonly string[]>> = {
  decimal: ["bytes", "fixed"],
  uuid: ["string", "fixed"],
  date: ["int"],
  "time-millis": ["int"],
  "time-micros": ["long"],
  "timestamp-millis": ["long"],
  "timestamp-micros": ["long"],
  "timestamp-nanos": ["long"],
  "local-timestamp-millis": ["long"],
  "local-timestamp-micros": ["long"],
  "local-timestamp-nanos": ["long"],
  duration: ["fixed"],
};

interface Pending {
  readonly raw: Record<string, unknown>;
  readonly root: string;
  readonly namespace: string;
  readonly file: string;
  readonly jsonPath: string;
}

/**
 * Builds the model of a set of schema files: every named type with its full name, every reference
 * checked, in any order across files (a type may be used before the file that defines it is read).
 * Throws CodegenInputError naming file, JSON path and type.
 */
export function buildAvroModel(files: readonly LoadedSchemaFile[]): SchemaModel {
  const pending = new Map<string, Pending>();
  const sources: SourceModel[] = [];
  // Pass 1: every definition, so that pass 2 can resolve names defined later or in other files.
  for (const file of files) {
    const definitions: string[] = [];
    file.schemas.forEach((schema, index) => {
      collect(
        schema,
        file.namespace ?? "",
        file.file,
        file.paths[index] ?? `$[${index}]`,
        pending,
        definitions,
        undefined,
      );
    });
    sources.push({ file: file.file, sha256: file.sha256, definitions });
  }
  const types = new Map<string, NamedModel>();
  for (const [fullName, definition] of pending) types.set(fullName, toNamedModel(fullName, definition, pending));
  // Top-level references (a file that only names a type) are checked too.
  for (const file of files) {
    file.schemas.forEach((schema, index) => {
      toTypeModel(
        schema,
        file.namespace ?? "",
        { file: file.file, jsonPath: file.paths[index] ?? `$[${index}]` },
        pending,
      );
    });
  }
  return { types, sources };
}

function collect(
  schema: unknown,
  namespace: string,
  file: string,
  jsonPath: string,
  pending: Map<string, Pending>,
  definitions: string[],
  root: string | undefined,
): void {
  if (Array.isArray(schema)) {
    schema.forEach((branch, index) => {
      collect(branch, namespace, file, `${jsonPath}[${index}]`, pending, definitions, root);
    });
    return;
  }
  if (!isObject(schema)) return;
  const { type } = schema;
  if (type === "record" || type === "error" || type === "enum" || type === "fixed") {
    const { fullName, namespace: own } = qualifyDefinition(schema, namespace, { file, jsonPath });
    const earlier = pending.get(fullName);
    // The same definition twice (an .avdl importing an .avsc that is also an input) is one type.
    if (earlier !== undefined && JSON.stringify(earlier.raw) === JSON.stringify(schema)) return;
    if (earlier !== undefined) {
      throw new CodegenInputError(
        { file, jsonPath, typeName: fullName },
        `type ${fullName} is defined twice (first in ${earlier.file} at ${earlier.jsonPath})`,
      );
    }
    pending.set(fullName, { raw: schema, root: root ?? fullName, namespace: own, file, jsonPath });
    definitions.push(fullName);
    if (type === "record" || type === "error") {
      const fields = schema["fields"];
      if (!Array.isArray(fields))
        throw new CodegenInputError({ file, jsonPath, typeName: fullName }, "a record needs a fields array");
      fields.forEach((field: unknown, index) => {
        if (isObject(field))
          collect(
            field["type"],
            own,
            file,
            `${jsonPath}.fields[${index}].type`,
            pending,
            definitions,
            root ?? fullName,
          );
      });
    }
    return;
  }
  if (type === "array") collect(schema["items"], namespace, file, `${jsonPath}.items`, pending, definitions, root);
  else if (type === "map") collect(schema["values"], namespace, file, `${jsonPath}.values`, pending, definitions, root);
  else if (isObject(type) || Array.isArray(type))
    collect(type, namespace, file, `${jsonPath}.type`, pending, definitions, root);
}

function toNamedModel(fullName: string, definition: Pending, pending: ReadonlyMap<string, Pending>): NamedModel {
  const { raw, root, namespace, file, jsonPath } = definition;
  const where = { file, jsonPath, typeName: fullName };
  const name = fullName.slice(fullName.lastIndexOf(".") + 1);
  const base = {
    fullName,
    name,
    namespace,
    doc: docOf(raw["doc"]),
    aliases: stringList(raw["aliases"]),
    location: { file, jsonPath },
    root,
    raw,
  };
  switch (raw["type"]) {
    case "enum": {
      const symbols = raw["symbols"];
      if (
        !Array.isArray(symbols) ||
        symbols.length === 0 ||
        !symbols.every((symbol) => typeof symbol === "string" && NAME.test(symbol))
      ) {
        throw new CodegenInputError(where, "an enum needs a non-empty list of symbols, each a valid Avro name");
      }
      if (new Set(symbols).size !== symbols.length) throw new CodegenInputError(where, "enum symbols must be unique");
      const fallback = raw["default"];
      if (fallback !== undefined && (typeof fallback !== "string" || !symbols.includes(fallback))) {
        throw new CodegenInputError(where, `the enum default ${JSON.stringify(fallback)} is not one of its symbols`);
      }
      const model: EnumModel = {
        ...base,
        kind: "enum",
        symbols: symbols as string[],
        default: fallback as string | undefined,
      };
      return model;
    }
    case "fixed": {
      const size = raw["size"];
      if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0)
        throw new CodegenInputError(where, "a fixed type needs a size: an integer >= 0");
      const model: FixedModel = { ...base, kind: "fixed", size, logical: logicalOf(raw, "fixed", size) };
      return model;
    }
    default: {
      const fields = raw["fields"] as unknown[];
      const names = new Set<string>();
      const model: RecordModel = {
        ...base,
        kind: "record",
        fields: fields.map((field, index): FieldModel => {
          const fieldPath = `${jsonPath}.fields[${index}]`;
          if (!isObject(field) || typeof field["name"] !== "string" || !NAME.test(field["name"])) {
            throw new CodegenInputError(
              { ...where, jsonPath: fieldPath },
              "a field needs a name that is a valid Avro name",
            );
          }
          if (names.has(field["name"]))
            throw new CodegenInputError(
              { ...where, jsonPath: fieldPath },
              `field "${field["name"]}" is declared twice`,
            );
          names.add(field["name"]);
          if (!("type" in field))
            throw new CodegenInputError({ ...where, jsonPath: fieldPath }, `field "${field["name"]}" has no type`);
          return {
            name: field["name"],
            doc: docOf(field["doc"]),
            type: toTypeModel(field["type"], namespace, { file, jsonPath: `${fieldPath}.type` }, pending),
            ...("default" in field ? { default: { value: field["default"] } } : {}),
            aliases: stringList(field["aliases"]),
            raw: field,
          };
        }),
      };
      return model;
    }
  }
}

function toTypeModel(
  schema: unknown,
  namespace: string,
  at: { file: string; jsonPath: string },
  pending: ReadonlyMap<string, Pending>,
): TypeModel {
  if (typeof schema === "string") {
    if (PRIMITIVES.has(schema)) return { kind: "primitive", name: schema as PrimitiveName };
    const fullName = resolveName(schema, namespace, pending);
    if (fullName === undefined)
      throw new CodegenInputError(
        at,
        `undefined type name "${schema}"${namespace === "" ? "" : ` (looked up in namespace ${namespace} too)`}`,
      );
    return { kind: "named", fullName };
  }
  if (Array.isArray(schema)) {
    const branches = schema.map((branch: unknown, index) =>
      toTypeModel(branch, namespace, { ...at, jsonPath: `${at.jsonPath}[${index}]` }, pending),
    );
    const keys = branches.map(branchKey);
    for (const [index, key] of keys.entries()) {
      if (key === "union")
        throw new CodegenInputError({ ...at, jsonPath: `${at.jsonPath}[${index}]` }, "a union cannot contain a union");
      if (keys.indexOf(key) !== index)
        throw new CodegenInputError(
          { ...at, jsonPath: `${at.jsonPath}[${index}]` },
          `the union has two ${key} branches`,
        );
    }
    return { kind: "union", branches };
  }
  if (!isObject(schema)) throw new CodegenInputError(at, `not a schema: ${JSON.stringify(schema)}`);
  const { type } = schema;
  switch (type) {
    case "record":
    case "error":
    case "enum":
    case "fixed": {
      const { fullName } = qualifyDefinition(schema, namespace, at);
      return { kind: "named", fullName };
    }
    case "array":
      return {
        kind: "array",
        items: toTypeModel(schema["items"], namespace, { ...at, jsonPath: `${at.jsonPath}.items` }, pending),
        ...attributesOf(schema, ["type", "items"]),
      };
    case "map":
      return {
        kind: "map",
        values: toTypeModel(schema["values"], namespace, { ...at, jsonPath: `${at.jsonPath}.values` }, pending),
        ...attributesOf(schema, ["type", "values"]),
      };
    default: {
      if (typeof type === "string" && PRIMITIVES.has(type)) {
        const logical = logicalOf(schema, type, undefined);
        return {
          kind: "primitive",
          name: type as PrimitiveName,
          ...(logical === undefined ? {} : { logical }),
          ...attributesOf(schema, ["type"]),
        };
      }
      // `{ "type": "com.acme.Name" }` and `{ "type": [...] }` are schemas too.
      if (type !== undefined) return toTypeModel(type, namespace, { ...at, jsonPath: `${at.jsonPath}.type` }, pending);
      throw new CodegenInputError(at, "a schema object needs a type");
    }
  }
}

function qualifyDefinition(
  schema: Record<string, unknown>,
  enclosing: string,
  at: { file: string; jsonPath: string },
): { fullName: string; namespace: string } {
  const { name, namespace } = schema;
  if (typeof name !== "string" || name === "")
    throw new CodegenInputError(at, `a ${String(schema["type"])} needs a name`);
  const own = name.includes(".")
    ? name.slice(0, name.lastIndexOf("."))
    : typeof namespace === "string"
      ? namespace
      : enclosing;
  const simple = name.slice(name.lastIndexOf(".") + 1);
  for (const part of [simple, ...(own === "" ? [] : own.split("."))]) {
    if (!NAME.test(part))
      throw new CodegenInputError(at, `"${own === "" ? simple : `${own}.${simple}`}" is not a valid Avro name`);
  }
  if (PRIMITIVES.has(simple) && own === "")
    throw new CodegenInputError(at, `a named type cannot be called "${simple}"`);
  return { fullName: own === "" ? simple : `${own}.${simple}`, namespace: own };
}

// Avro's rule: a name without a dot is looked up in the enclosing namespace, then as written.
function resolveName(name: string, namespace: string, pending: ReadonlyMap<string, Pending>): string | undefined {
  if (!name.includes(".") && namespace !== "" && pending.has(`${namespace}.${name}`)) return `${namespace}.${name}`;
  return pending.has(name) ? name : undefined;
}

function logicalOf(
  schema: Record<string, unknown>,
  base: string,
  fixedSize: number | undefined,
): LogicalModel | undefined {
  const name = schema["logicalType"];
  if (typeof name !== "string" || !(LOGICAL_BASES[name] ?? []).includes(base)) return undefined;
  if (name === "uuid" && base === "fixed" && fixedSize !== 16) return undefined;
  if (name === "duration" && fixedSize !== 12) return undefined;
  if (name === "decimal") {
    const { precision, scale = 0 } = schema as { precision?: unknown; scale?: unknown };
    if (typeof precision !== "number" || !Number.isInteger(precision) || precision < 1) return undefined;
    if (typeof scale !== "number" || !Number.isInteger(scale) || scale < 0 || scale > precision) return undefined;
    return { name, precision, scale };
  }
  return { name };
}

// Unions may hold one branch per type, and one per name for named types.
function branchKey(type: TypeModel): string {
  switch (type.kind) {
    case "primitive":
      return type.name;
    case "named":
      return type.fullName;
    default:
      return type.kind;
  }
}

function attributesOf(
  schema: Record<string, unknown>,
  structural: readonly string[],
): { attributes?: Record<string, unknown> } {
  const attributes = Object.fromEntries(Object.entries(schema).filter(([key]) => !structural.includes(key)));
  return Object.keys(attributes).length === 0 ? {} : { attributes };
}

function docOf(doc: unknown): string | undefined {
  return typeof doc === "string" && doc.trim() !== "" ? doc : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
