export { AvroSerializer, type AvroSerializerOptions, type PreparedSchema } from "./avro-serializer.js";
export { AvroDeserializer, type AvroDeserializerOptions } from "./avro-deserializer.js";
export { parsingCanonicalForm, parsingFingerprint64 } from "./canonical-form.js";
