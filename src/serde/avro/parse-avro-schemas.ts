import avsc from "avsc";
import { qualifyName, type AnyAvroNamedDesc, type AnyAvroRecordDesc, type LongMode } from "../../schema/index.js";
import { LOGICAL_TYPES } from "./logical-types.js";
import { longRegistry } from "./long-types.js";
import { pickedUnionType, unwrappedUnionIsSafe } from "./picked-union-type.js";
import { recordClassType, type RecordClassType } from "./record-class-type.js";

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
 */
export function parseAvroSchemas(
  schemas: readonly string[],
  longs: LongMode,
  classes: RecordClasses | undefined,
): avsc.Type {
  const registry = longRegistry(longs);
  const typeHook = classes === undefined ? undefined : classAwareHook(classes);
  let last: avsc.Type | undefined;
  for (const schema of schemas) {
    last = avsc.Type.forSchema(JSON.parse(schema) as avsc.Schema, {
      registry,
      logicalTypes: LOGICAL_TYPES,
      wrapUnions: classes === undefined ? "auto" : "never",
      ...(typeHook === undefined ? {} : { typeHook }),
    });
  }
  if (last === undefined) throw new TypeError("parseAvroSchemas: no schema given");
  return last;
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
        return unwrappedUnionIsSafe(branches)
          ? new avsc.types.UnwrappedUnionType(branches as never, opts)
          : pickedUnionType(branches, opts);
      } finally {
        inProgress.delete(schema);
      }
    }
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
