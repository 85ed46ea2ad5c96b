import avsc from "avsc";
import type { AnyAvroRecordType, LongMode } from "../../runtime/v1/types.js";
import { LOGICAL_TYPES } from "./logical-types.js";
import { longRegistry } from "./long-types.js";

// Compiling an avsc Type and building a resolver are the expensive steps of Avro serde; both happen once
// per process for a given schema, whatever number of serializers and deserializers use it.
//
// Types are keyed by the exact schema texts (the registry hands back the compact text it stored), not by
// the Parsing Canonical Form: that form drops logical types and defaults, and a `long` and a
// `timestamp-millis` long must not share a Type (one takes numbers, the other Dates). The cache grows
// with the number of distinct schemas seen, which the registry bounds.

const byText = new Map<string, avsc.Type>();
const byDescriptor = new WeakMap<AnyAvroRecordType, avsc.Type>();
// null: writer and reader are the same schema, records are read with the reader's Type directly.
const resolvers = new WeakMap<avsc.Type, WeakMap<avsc.Type, avsc.Resolver | null>>();

/** Every descriptor a record needs, references before the records that use them, each once. */
export function referencesInOrder(root: AnyAvroRecordType): AnyAvroRecordType[] {
  const ordered: AnyAvroRecordType[] = [];
  const visit = (type: AnyAvroRecordType): void => {
    if (ordered.includes(type)) return;
    for (const reference of type.references()) visit(reference);
    ordered.push(type);
  };
  for (const reference of root.references()) visit(reference);
  return ordered;
}

/** The compiled avsc Type of a descriptor, with the types of its references. */
export function avroTypeOf(type: AnyAvroRecordType): avsc.Type {
  let avroType = byDescriptor.get(type);
  if (avroType === undefined) {
    avroType = compiledType([...referencesInOrder(type).map((reference) => reference.schema), type.schema], type.longs);
    byDescriptor.set(type, avroType);
  }
  return avroType;
}

/**
 * The Type of the last of `schemas`, parsed in order into one avsc registry so that later schemas can
 * name types of earlier ones (how Confluent resolves Avro references). Cached per texts and long mode.
 */
export function compiledType(schemas: readonly string[], longs: LongMode): avsc.Type {
  if (schemas.length === 0) throw new TypeError("compiledType: no schema given");
  // Schema texts are JSON, which cannot hold a raw NUL: the separator is unambiguous.
  const key = `${longs}\u0000${schemas.join("\u0000")}`;
  let type = byText.get(key);
  if (type === undefined) {
    type = parseSchemas(schemas, longs);
    byText.set(key, type);
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

function parseSchemas(schemas: readonly string[], longs: LongMode): avsc.Type {
  const registry = longRegistry(longs);
  let last: avsc.Type | undefined;
  for (const schema of schemas) {
    last = avsc.Type.forSchema(JSON.parse(schema) as avsc.Schema, {
      registry,
      logicalTypes: LOGICAL_TYPES,
      // Unions of several records take plain values; avsc picks the branch.
      wrapUnions: false,
    });
  }
  return last as avsc.Type;
}
