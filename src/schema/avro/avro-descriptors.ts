/** How Avro `long` values are represented: safe-integer numbers (default) or bigint. */
export type LongMode = "number" | "bigint";

/**
 * What every Avro named-type descriptor has: records, enums and fixed types defined in one file can be
 * registered on their own and referenced from schemas in other files (Schema Registry references).
 */
export interface AvroNamedDesc {
  readonly kind: "avro";
  readonly namedType: "record" | "enum" | "fixed";
  /** Full name, e.g. "com.acme.orders.OrderPlaced". */
  readonly name: string;
  /** The schema as registered: compact JSON, named types of other files referenced by full name. */
  readonly schema: string;
  /** Named types defined in other files, registered as Schema Registry references (lazy: types may recurse). */
  readonly references: () => readonly AnyAvroNamedDesc[];
  /**
   * Named types defined inside this schema (not references) that have descriptors of their own: how the
   * runtime finds the generated class of a nested record. Lazy, as references.
   */
  readonly nested: () => readonly AnyAvroNamedDesc[];
  readonly longs: LongMode;
  /** The Rabin fingerprint (CRC-64-AVRO) of the Parsing Canonical Form, 16 hex digits, when known. */
  readonly fingerprint: string | undefined;
}

/**
 * The runtime descriptor of an Avro record type: what a generated class carries as its static
 * `schema`, and what serializers are built from. Everything here is known at generation time.
 */
export interface AvroRecordDesc<T, I = T> extends AvroNamedDesc {
  readonly namedType: "record";
  /** Builds the record (a generated class instance) from constructor input or decoded data. */
  readonly create: (init: I) => T;
  /**
   * Whether a value already is the record's class. Undefined for a descriptor without a class (records
   * are then plain objects); with a class, records are encoded from and decoded into its instances.
   */
  readonly isInstance: ((value: unknown) => value is T) | undefined;
}

/** The descriptor of an Avro enum: its symbols, in schema order (frozen). */
export interface AvroEnumDesc<S extends string = string> extends AvroNamedDesc {
  readonly namedType: "enum";
  readonly symbols: readonly S[];
}

/** The descriptor of an Avro fixed type: its size in bytes. */
export interface AvroFixedDesc extends AvroNamedDesc {
  readonly namedType: "fixed";
  readonly size: number;
}

/** Any Avro record descriptor, whatever its value types (`create`'s input makes it contravariant). */
export type AnyAvroRecordDesc = AvroRecordDesc<unknown, never>;

/** Any Avro named-type descriptor. */
export type AnyAvroNamedDesc = AnyAvroRecordDesc | AvroEnumDesc | AvroFixedDesc;
