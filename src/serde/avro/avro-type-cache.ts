import type avsc from "avsc";
import type { AnyAvroNamedDesc, LongMode } from "../../schema/index.js";
import { parseAvroSchemas, recordClassesOf, type RecordClasses } from "./parse-avro-schemas.js";

// Compiling an avsc Type and building a resolver are the expensive steps of Avro serde; both happen once
// per process for a given schema, whatever number of serializers and deserializers use it.
//
// Types are keyed by the exact schema texts (the registry hands back the compact text it stored), not by
// the Parsing Canonical Form: that form drops logical types and defaults, and a `long` and a
// `timestamp-millis` long must not share a Type (one takes numbers, the other Dates). The cache grows
// with the number of distinct schemas seen, which the registry bounds. Types that build generated classes
// are cached per set of classes as well.

const byText = new Map<string, avsc.Type>();
const byClasses = new WeakMap<RecordClasses, Map<string, avsc.Type>>();
const byDescriptor = new WeakMap<AnyAvroNamedDesc, avsc.Type>();
// null: writer and reader are the same schema, records are read with the reader's Type directly.
const resolvers = new WeakMap<avsc.Type, WeakMap<avsc.Type, avsc.Resolver | null>>();

/** Every descriptor a record needs, references before the records that use them, each once. */
export function referencesInOrder(root: AnyAvroNamedDesc): AnyAvroNamedDesc[] {
  const ordered: AnyAvroNamedDesc[] = [];
  const visit = (type: AnyAvroNamedDesc): void => {
    if (ordered.includes(type)) return;
    for (const reference of type.references()) visit(reference);
    ordered.push(type);
  };
  for (const reference of root.references()) visit(reference);
  return ordered;
}

/** The compiled avsc Type of a descriptor, with the types of its references, building its classes. */
export function avroTypeOf(type: AnyAvroNamedDesc): avsc.Type {
  let avroType = byDescriptor.get(type);
  if (avroType === undefined) {
    avroType = compiledType(
      [...referencesInOrder(type).map((reference) => reference.schema), type.schema],
      type.longs,
      recordClassesOf(type),
    );
    byDescriptor.set(type, avroType);
  }
  return avroType;
}

/**
 * The Type of the last of `schemas`, parsed in order into one avsc registry so that later schemas can
 * name types of earlier ones (how Confluent resolves Avro references). With `classes`, values are written
 * from and read into those generated classes (see parseAvroSchemas); without, the Type only serves to
 * resolve a writer's records. Cached per texts, long mode and classes.
 */
export function compiledType(schemas: readonly string[], longs: LongMode, classes?: RecordClasses): avsc.Type {
  if (schemas.length === 0) throw new TypeError("compiledType: no schema given");
  // Schema texts are JSON, which cannot hold a raw NUL: the separator is unambiguous.
  const key = `${longs}\u0000${schemas.join("\u0000")}`;
  let cache = byText;
  if (classes !== undefined) {
    cache = byClasses.get(classes) ?? new Map<string, avsc.Type>();
    byClasses.set(classes, cache);
  }
  let type = cache.get(key);
  if (type === undefined) {
    type = parseAvroSchemas(schemas, longs, classes);
    cache.set(key, type);
  }
  return type;
}

/**
 * How to read records written with `writer` into `reader`: undefined when `reader` reads them as they
 * are, else an avsc Resolver (schema evolution). Throws when the writer's records cannot be read.
 */
export function resolverFor(reader: avsc.Type, writer: avsc.Type): avsc.Resolver | undefined {
  let forReader = resolvers.get(reader);
  if (forReader === undefined) {
    forReader = new WeakMap();
    resolvers.set(reader, forReader);
  }
  let resolver = forReader.get(writer);
  if (resolver === undefined) {
    resolver = sameSchema(reader, writer) ? null : reader.createResolver(writer);
    forReader.set(writer, resolver);
  }
  return resolver ?? undefined;
}

// avsc's equals() compares canonical forms only; with logical types (a decimal's scale) that is not
// enough to read one schema's bytes with the other's Type, so compare everything that shapes values.
function sameSchema(reader: avsc.Type, writer: avsc.Type): boolean {
  if (reader === writer) return true;
  const exported = { exportAttrs: true };
  return JSON.stringify(reader.schema(exported)) === JSON.stringify(writer.schema(exported));
}
