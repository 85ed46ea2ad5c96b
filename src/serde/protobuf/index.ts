export { messageNameAt } from "./message-indexes.js";
export { ProtobufDeserializer, type ProtobufDeserializerOptions } from "./protobuf-deserializer.js";
export { fingerprintedTexts, protobufFingerprint } from "./protobuf-fingerprint.js";
export { isKnownType } from "./protobuf-references.js";
export { compiledMessage, decodeFileDescriptor } from "./protobuf-schemas.js";
export {
  ProtobufSerializer,
  type PreparedProtobufSchema,
  type ProtobufSerializerOptions,
} from "./protobuf-serializer.js";
