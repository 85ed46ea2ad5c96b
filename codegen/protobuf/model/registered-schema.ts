import { clone, toBinary, type DescFile } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";

/**
 * What a .proto file registers as: the base64 of its FileDescriptorProto without source info, byte for
 * byte what Confluent's Python serializer registers for the same compiled file. Comments and layout
 * live only in the source info, so a copy differing in them registers as the same schema.
 */
export function registeredSchemaOf(file: DescFile): string {
  const proto = clone(FileDescriptorProtoSchema, file.proto);
  proto.sourceCodeInfo = undefined;
  return Buffer.from(toBinary(FileDescriptorProtoSchema, proto)).toString("base64");
}
