import { create, createFileRegistry, fromBinary, type DescMessage, type FileRegistry } from "@bufbuild/protobuf";
import { type FileDescriptorProto, FileDescriptorProtoSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import type { AnyProtobufMessageDesc, ProtobufFileDesc } from "../../schema/index.js";

// The compiled form of the descriptors in the schema floor: @bufbuild/protobuf descriptors, built once
// per file descriptor and shared by every serializer of its messages.

const registries = new WeakMap<ProtobufFileDesc, FileRegistry>();

/**
 * Decodes a base64 FileDescriptorProto: a generated file's descriptor, or a schema registered that way
 * (Confluent's Python serializer does); undefined for anything else, such as .proto text.
 */
export function decodeFileDescriptor(schema: string): FileDescriptorProto | undefined {
  const bytes = Buffer.from(schema, "base64");
  // Buffer.from skips characters that are not base64: a round trip tells .proto text from base64.
  if (bytes.length === 0 || bytes.toString("base64") !== schema.replace(/\s+/g, "")) return undefined;
  try {
    return fromBinary(FileDescriptorProtoSchema, bytes);
  } catch {
    return undefined;
  }
}

/** The file and everything it imports, transitively, each once, imports before importers. */
export function filesInOrder(file: ProtobufFileDesc): ProtobufFileDesc[] {
  const ordered: ProtobufFileDesc[] = [];
  const seen = new Set<string>();
  const visit = (current: ProtobufFileDesc): void => {
    if (seen.has(current.path)) return;
    seen.add(current.path);
    for (const imported of current.imports()) visit(imported);
    ordered.push(current);
  };
  visit(file);
  return ordered;
}

/** The compiled message of a descriptor; a TypeError when its file does not declare it. */
export function compiledMessage(desc: AnyProtobufMessageDesc): DescMessage {
  let registry = registries.get(desc.file);
  if (registry === undefined) {
    // A set in dependency order, not the file and a resolver: @bufbuild/protobuf resolves imports breadth
    // first and can add a file before one it imports when that one is reached twice (everything importing
    // any.proto and api.proto, which imports type.proto, which imports any.proto).
    const protos: FileDescriptorProto[] = [];
    for (const file of filesInOrder(desc.file)) {
      const proto = decodeFileDescriptor(file.descriptor);
      if (proto === undefined) throw new TypeError(`${file.path}: descriptor is not a base64 FileDescriptorProto`);
      protos.push(proto);
    }
    registry = createFileRegistry(create(FileDescriptorSetSchema, { file: protos }));
    registries.set(desc.file, registry);
  }
  const message = registry.getMessage(desc.name);
  if (message === undefined) throw new TypeError(`${desc.file.path} declares no message ${desc.name}`);
  return message;
}
