export { AvroSerializer, type AvroSerializerOptions, type PreparedSchema } from "./avro-serializer.js";
export { AvroDeserializer, type AvroDeserializerOptions } from "./avro-deserializer.js";
