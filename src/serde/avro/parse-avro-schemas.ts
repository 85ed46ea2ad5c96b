import avsc from "avsc";
import { ConfigError } from "../../errors/index.js";
import { qualifyName, type AnyAvroNamedDesc, type AnyAvroRecordDesc, type LongMode } from "../../schema/index.js";
import { LOGICAL_TYPES } from "./logical-types.js";
import { unwrappedUnionType } from "./avsc-internals.js";
import { boundedArrayType, boundedMapType } from "./types/bounded-collection-types.js";
import { longRegistry } from "./types/exact-long-type.js";
import { pickedUnionType, unwrappedUnionIsSafe } from "./types/picked-union-type.js";
import { recordClassType, type RecordClassType } from "./types/record-class-type.js";

/** Record descriptors by full name: the generated classes values of a schema are built from. */
export type RecordClasses = ReadonlyMap<string, AnyAvroRecordDesc>;

const classesByRoot = new WeakMap<AnyAvroNamedDesc, RecordClasses>();

/** Every record descriptor reachable from `root` (itself, nested and referenced types), by full name. */
export function recordClassesOf(root: AnyAvroNamedDesc): RecordClasses {
  let classes = classesByRoot.get(root);
  if (classes === undefined) {
    const found = new Map<string, AnyAvroRecordDesc>();
    const seen = new Set<AnyAvroNamedDesc>();
    const visit = (type: AnyAvroNamedDesc): void => {
      if (seen.has(type)) return;
      seen.add(type);
      if (type.namedType === "record" && type.isInstance !== undefined) found.set(type.name, type);
      for (const next of [...type.nested(), ...type.references()]) visit(next);
    };
    visit(root);
    classes = found;
    classesByRoot.set(root, classes);
  }
  return classes;
}

/**
 * The Type of the last of `schemas`, parsed in order into one avsc registry so that later schemas can name
 * types of earlier ones (how Confluent resolves Avro references).
 *
 * With `classes` (the types values are written from and read into): records that have a generated class
 * become RecordClassTypes, and every union is either avsc's unwrapped union (when JavaScript types tell its
 * branches apart) or a PickedUnionType (first branch in schema order that takes the value). Without
 * `classes` (a writer's schema, used only to resolve from): avsc's own parse, wrapping ambiguous unions.
 * Either way arrays and maps read their block counts bounded by the bytes left (bounded-collection-types).
 */
export function parseAvroSchemas(
  schemas: readonly string[],
  longs: LongMode,
  classes: RecordClasses | undefined,
): avsc.Type {
  const registry = longRegistry(longs);
  const typeHook = classes === undefined ? collectionHook : classAwareHook(classes);
  let last: avsc.Type | undefined;
  for (const schema of schemas) {
    last = avsc.Type.forSchema(JSON.parse(schema) as avsc.Schema, {
      registry,
      logicalTypes: LOGICAL_TYPES,
      wrapUnions: classes === undefined ? "auto" : "never",
      typeHook,
    });
  }
  if (last === undefined) throw new TypeError("parseAvroSchemas: no schema given");
  return last;
}

// Every array and map schemakit reads is a bounded one; no record has a field named __proto__.
function collectionHook(schema: avsc.Schema, opts: avsc.ForSchemaOptions): avsc.Type | undefined {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return undefined;
  const { type, name, namespace } = schema as { type?: unknown; name?: unknown; namespace?: unknown };
  if (type === "array") return boundedArrayType(schema, opts);
  if (type === "map") return boundedMapType(schema, opts);
  if ((type === "record" || type === "error") && typeof name === "string")
    assertPlainFieldNames(schema, qualifyName(name, typeof namespace === "string" ? namespace : opts.namespace));
  return undefined;
}

function classAwareHook(
  classes: RecordClasses,
): (schema: avsc.Schema, opts: avsc.ForSchemaOptions) => avsc.Type | undefined {
  const classTypes = new Map<string, RecordClassType>();
  // Schemas this hook is parsing itself: when avsc's forSchema comes back to them, it parses them as usual.
  const inProgress = new WeakSet<object>();
  const hook = (schema: avsc.Schema, opts: avsc.ForSchemaOptions): avsc.Type | undefined => {
    if (typeof schema === "string") return classTypes.get(qualifyName(schema, opts.namespace));
    if (typeof schema !== "object" || schema === null || avsc.Type.isType(schema) || inProgress.has(schema))
      return undefined;
    if (Array.isArray(schema)) {
      inProgress.add(schema);
      try {
        const branches = schema.map((branch: avsc.Schema) => avsc.Type.forSchema(branch, opts));
        return unwrappedUnionIsSafe(branches) ? unwrappedUnionType(branches, opts) : pickedUnionType(branches, opts);
      } finally {
        inProgress.delete(schema);
      }
    }
    const collection = collectionHook(schema, opts);
    if (collection !== undefined) return collection;
    const { type, name, namespace } = schema as { type?: unknown; name?: unknown; namespace?: unknown };
    if ((type !== "record" && type !== "error") || typeof name !== "string") return undefined;
    const fullName = qualifyName(name, typeof namespace === "string" ? namespace : opts.namespace);
    const recordType = classes.get(fullName);
    if (recordType === undefined) return undefined;
    inProgress.add(schema);
    try {
      return recordClassType(
        schema,
        recordType,
        opts,
        (s, o) => avsc.Type.forSchema(s as avsc.Schema, o),
        (made) => classTypes.set(fullName, made),
      );
    } finally {
      inProgress.delete(schema);
    }
  };
  return hook;
}

// avsc builds records with `this.<field> = …`, reads them with `value.<field>` and matches a writer's fields
// to a reader's through plain objects keyed by name: for a field named `__proto__` each of these reaches the
// prototype instead of a property (a record decodes to avsc's internal prototype; a writer's field is
// neither read nor skipped). Such a schema cannot be used faithfully, so it is refused when parsed.
function assertPlainFieldNames(schema: object, fullName: string): void {
  const { fields } = schema as { fields?: unknown };
  if (!Array.isArray(fields)) return;
  for (const field of fields as unknown[]) {
    const { name } = (field ?? {}) as { name?: unknown };
    if (name === "__proto__") {
      throw new ConfigError(
        "schema",
        "record fields that can be JavaScript properties (a field named __proto__ would set the prototype)",
        `${fullName}.__proto__`,
      );
    }
  }
}
