import type { AvroRecordDesc } from "./avro/avro-descriptors.js";

/** A record descriptor, or a generated class carrying one as its static `schema`. */
export type RecordDescSource<T, I> = AvroRecordDesc<T, I> | { readonly schema: AvroRecordDesc<T, I> };

/** The descriptor itself: the public API takes a generated class or its descriptor alike. */
export function descriptorOf<T, I>(source: RecordDescSource<T, I>): AvroRecordDesc<T, I> {
  return "kind" in source ? source : source.schema;
}
