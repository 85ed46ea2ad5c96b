import type { AvroRecordDesc } from "./avro/avro-descriptors.js";
import type { ProtobufMessageDesc } from "./protobuf/protobuf-descriptors.js";

/** A record or message descriptor of either format, or a generated class carrying one as its static `schema`. */
export type SchemaTypeSource<T, I> =
  | AvroRecordDesc<T, I>
  | ProtobufMessageDesc<T, I>
  | { readonly schema: AvroRecordDesc<T, I> | ProtobufMessageDesc<T, I> };

/** The descriptor itself: the public API takes a generated class or its descriptor alike. */
export function descriptorOf<T, I>(source: SchemaTypeSource<T, I>): AvroRecordDesc<T, I> | ProtobufMessageDesc<T, I> {
  return "kind" in source ? source : source.schema;
}
