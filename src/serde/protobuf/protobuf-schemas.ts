import { createFileRegistry, fromBinary, type DescMessage, type FileRegistry } from "@bufbuild/protobuf";
import { type FileDescriptorProto, FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { AnyProtobufMessageDesc, ProtobufFileDesc } from "../../schema/index.js";

// The compiled form of the descriptors in the schema floor: @bufbuild/protobuf descriptors, built once
// per file descriptor and shared by every serializer of its messages.

const registries = new WeakMap<ProtobufFileDesc, FileRegistry>();

/** Decodes a registered Protobuf schema: base64 of a FileDescriptorProto; undefined for anything else. */
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
    const protos = new Map<string, FileDescriptorProto>();
    for (const file of filesInOrder(desc.file)) {
      const proto = decodeFileDescriptor(file.schema);
      if (proto === undefined) throw new TypeError(`${file.path}: schema is not a base64 FileDescriptorProto`);
      protos.set(file.path, proto);
    }
    const fileProto = protos.get(desc.file.path);
    if (fileProto === undefined) throw new TypeError(`${desc.file.path}: missing from its own file list`);
    registry = createFileRegistry(fileProto, (path) => protos.get(path));
    registries.set(desc.file, registry);
  }
  const message = registry.getMessage(desc.name);
  if (message === undefined) throw new TypeError(`${desc.file.path} declares no message ${desc.name}`);
  return message;
}
