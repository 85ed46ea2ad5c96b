import avsc from "avsc";
import type { AnyAvroRecordType, LongMode } from "../../runtime/v1/types.js";
import { LOGICAL_TYPES } from "./logical-types.js";
import { longRegistry } from "./long-types.js";

const compiled = new WeakMap<AnyAvroRecordType, avsc.Type>();

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

/** The compiled avsc Type of a descriptor; compiled once per descriptor (generated classes hold one each). */
export function avroTypeOf(type: AnyAvroRecordType): avsc.Type {
  let avroType = compiled.get(type);
  if (avroType === undefined) {
    avroType = parseAvroSchemas(
      [...referencesInOrder(type).map((reference) => reference.schema), type.schema],
      type.longs,
    );
    compiled.set(type, avroType);
  }
  return avroType;
}

/**
 * Parses schema texts in order into one avsc registry, so later schemas can name types of earlier ones
 * (how Confluent resolves Avro references); returns the type of the last.
 */
export function parseAvroSchemas(schemas: readonly string[], longs: LongMode): avsc.Type {
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
  if (last === undefined) throw new TypeError("parseAvroSchemas: no schema given");
  return last;
}
