import type { AvroRecordDesc } from "./avro-descriptors.js";
import { namedTypeBase, type NamedTypeDefinition } from "./avro-named-desc.js";

export interface AvroRecordDefinition<T, I> extends NamedTypeDefinition {
  /**
   * The generated class. Records are then encoded from and decoded into its instances at every level,
   * which is what lets a union of records with the same fields pick its branch by class.
   */
  readonly recordClass?: new (
    init: I,
  ) => T;
  /** Builds the record from decoded data; defaults to `new recordClass(init)`, else the data as it is. */
  readonly create?: (init: I) => T;
}

/**
 * Builds the descriptor of an Avro record. Generated classes call this for their static `schema`; code
 * without generated classes can call it with a schema object (records are then plain objects).
 */
export function defineAvroRecord<T, I = T>(definition: AvroRecordDefinition<T, I>): AvroRecordDesc<T, I> {
  const { base } = namedTypeBase("defineAvroRecord", "record", definition);
  const recordClass = definition.recordClass;
  const create =
    definition.create ??
    (recordClass === undefined ? (init: I) => init as unknown as T : (init: I) => new recordClass(init));
  const isInstance =
    recordClass === undefined ? undefined : (value: unknown): value is T => value instanceof recordClass;
  return Object.freeze({ ...base, namedType: "record", create, isInstance });
}
