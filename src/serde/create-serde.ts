import { descriptorOf, type RecordDescSource } from "../schema/index.js";
import { AvroDeserializer, type AvroDeserializerOptions } from "./avro/avro-deserializer.js";
import { AvroSerializer, type AvroSerializerOptions } from "./avro/avro-serializer.js";

// Entry points of the public API; Protobuf types join here when their serde arrives.

/** A serializer for records of `type` (a generated class's static `schema`, or defineAvroRecord()). */
export function createSerializer<T, I>(
  type: RecordDescSource<T, I>,
  options: AvroSerializerOptions,
): AvroSerializer<T, I> {
  return new AvroSerializer(descriptorOf(type), options);
}

/** A deserializer into records of `type`, resolving older and newer writer schemas into it. */
export function createDeserializer<T, I>(
  type: RecordDescSource<T, I>,
  options: AvroDeserializerOptions,
): AvroDeserializer<T, I> {
  return new AvroDeserializer(descriptorOf(type), options);
}
