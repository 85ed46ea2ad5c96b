import { toBinary, type DescFile } from "@bufbuild/protobuf";
import { type FileDescriptorProto, FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { CodegenInputError } from "../../../src/errors/index.js";
import { CanonicalProtoError, canonicalProtoText } from "./canonical-proto.js";

// A shallow copy: nothing below is changed, and a deep clone of a file with source info costs more than
// printing it.
function withoutSourceInfo(file: DescFile): FileDescriptorProto {
  return { ...file.proto, sourceCodeInfo: undefined };
}

/**
 * What a .proto file registers as: its canonical .proto text, printed from the compiled descriptor, so
 * comments and layout do not reach it. A file the printer cannot render faithfully (custom options,
 * proto2 groups) is a CodegenInputError rather than a schema that would mean something else.
 */
export function registeredSchemaOf(file: DescFile): string {
  try {
    return canonicalProtoText(withoutSourceInfo(file));
  } catch (error) {
    if (!(error instanceof CanonicalProtoError)) throw error;
    throw new CodegenInputError({ file: file.proto.name }, `cannot register it as .proto text: ${error.message}`, {
      cause: error,
    });
  }
}

/**
 * The base64 of the file's FileDescriptorProto without source info: what generated code decodes at run
 * time, byte for byte what Confluent's Python serializer registers for the same compiled file. `encoded`
 * is the compiler's own encoding of it when at hand (the same bytes, without encoding them again).
 */
export function fileDescriptorOf(file: DescFile, encoded?: Uint8Array): string {
  const bytes = encoded ?? toBinary(FileDescriptorProtoSchema, withoutSourceInfo(file));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
