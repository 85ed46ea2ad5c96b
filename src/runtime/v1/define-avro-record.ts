import type { AnyAvroRecordType, AvroRecordType, LongMode } from "./types.js";

export interface AvroRecordDefinition<T, I> {
  /** The record schema, as an object or JSON text; named types of other files are referenced by full name. */
  readonly schema: object | string;
  /** The descriptors of those named types; a function, so that types may refer to each other. Default none. */
  readonly references?: () => readonly AnyAvroRecordType[];
  /** How `long` values are represented; default "number" (safe integers only, anything else is an error). */
  readonly longs?: LongMode;
  /** Builds the record from decoded data; defaults to handing the decoded object over as it is. */
  readonly create?: (init: I) => T;
}

/**
 * Builds the descriptor of an Avro record. Generated classes call this for their static `schema`; code
 * without generated classes can call it with a schema object.
 */
export function defineAvroRecord<T, I = T>(definition: AvroRecordDefinition<T, I>): AvroRecordType<T, I> {
  const parsed: unknown = typeof definition.schema === "string" ? JSON.parse(definition.schema) : definition.schema;
  if (typeof parsed !== "object" || parsed === null || (parsed as { type?: unknown }).type !== "record") {
    throw new TypeError("defineAvroRecord: the schema must be an Avro record");
  }
  const { name, namespace } = parsed as { name?: unknown; namespace?: unknown };
  if (typeof name !== "string") throw new TypeError("defineAvroRecord: the record has no name");
  const longs = definition.longs ?? "number";
  if (longs !== "number" && longs !== "bigint") throw new TypeError(`defineAvroRecord: longs must be "number" or "bigint", got ${String(longs)}`);
  const fullName = name.includes(".") || typeof namespace !== "string" || namespace === "" ? name : `${namespace}.${name}`;
  return Object.freeze({
    kind: "avro",
    name: fullName,
    // Compact JSON: registries that hash the text (Apicurio) give whitespace variants different ids.
    schema: JSON.stringify(parsed),
    references: definition.references ?? (() => []),
    longs,
    create: definition.create ?? ((init: I) => init as unknown as T),
  });
}
