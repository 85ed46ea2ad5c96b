import { type AvroRecordDesc, descriptorOf, type ProtobufMessageDesc, type SchemaTypeSource } from "../schema/index.js";
import { AvroDeserializer, type AvroDeserializerOptions } from "./avro/avro-deserializer.js";
import { AvroSerializer, type AvroSerializerOptions } from "./avro/avro-serializer.js";
import { ProtobufDeserializer, type ProtobufDeserializerOptions } from "./protobuf/protobuf-deserializer.js";
import { ProtobufSerializer, type ProtobufSerializerOptions } from "./protobuf/protobuf-serializer.js";

// Entry points of the public API: a generated class (or its descriptor) of either format picks its serde.

/** An Avro record descriptor, or a generated class carrying one as its static `schema`. */
type AvroSource<T, I> = AvroRecordDesc<T, I> | { readonly schema: AvroRecordDesc<T, I> };
/** A Protobuf message descriptor, or a generated class carrying one as its static `schema`. */
type ProtobufSource<T, I> = ProtobufMessageDesc<T, I> | { readonly schema: ProtobufMessageDesc<T, I> };

/** A serializer for records or messages of `type` (a generated class's static `schema`, or a descriptor). */
export function createSerializer<T, I>(
  type: ProtobufSource<T, I>,
  options: ProtobufSerializerOptions,
): ProtobufSerializer<T, I>;
export function createSerializer<T, I>(type: AvroSource<T, I>, options: AvroSerializerOptions): AvroSerializer<T, I>;
export function createSerializer<T, I>(
  type: SchemaTypeSource<T, I>,
  options: AvroSerializerOptions & ProtobufSerializerOptions,
): AvroSerializer<T, I> | ProtobufSerializer<T, I>;
export function createSerializer<T, I>(
  type: SchemaTypeSource<T, I>,
  options: AvroSerializerOptions & ProtobufSerializerOptions,
): AvroSerializer<T, I> | ProtobufSerializer<T, I> {
  const desc = descriptorOf(type);
  return desc.kind === "protobuf" ? new ProtobufSerializer(desc, options) : new AvroSerializer(desc, options);
}

/** A deserializer into records of `type` (Avro: resolving older and newer writer schemas into it). */
export function createDeserializer<T, I>(
  type: ProtobufSource<T, I>,
  options: ProtobufDeserializerOptions,
): ProtobufDeserializer<T, I>;
export function createDeserializer<T, I>(
  type: AvroSource<T, I>,
  options: AvroDeserializerOptions,
): AvroDeserializer<T, I>;
export function createDeserializer<T, I>(
  type: SchemaTypeSource<T, I>,
  options: AvroDeserializerOptions & ProtobufDeserializerOptions,
): AvroDeserializer<T, I> | ProtobufDeserializer<T, I> {
  const desc = descriptorOf(type);
  return desc.kind === "protobuf" ? new ProtobufDeserializer(desc, options) : new AvroDeserializer(desc, options);
}
