/** How Avro `long` values are represented: safe-integer numbers (default) or bigint. */
export type LongMode = "number" | "bigint";

/**
 * The runtime descriptor of an Avro record type: what a generated class carries as its static
 * `schema`, and what serializers are built from. Everything here is known at generation time.
 */
export interface AvroRecordType<T, I = T> {
  readonly kind: "avro";
  /** Full name, e.g. "com.acme.orders.OrderPlaced". */
  readonly name: string;
  /** The schema as registered: compact JSON, named types of other files referenced by full name. */
  readonly schema: string;
  /** Named types defined in other files, registered as Schema Registry references (lazy: types may recurse). */
  readonly references: () => readonly AnyAvroRecordType[];
  readonly longs: LongMode;
  /** Builds the record (a generated class instance) from constructor input or decoded data. */
  readonly create: (init: I) => T;
}

/** Any Avro record descriptor, whatever its value types (`create`'s input makes it contravariant). */
export type AnyAvroRecordType = AvroRecordType<unknown, never>;
