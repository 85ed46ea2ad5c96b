import type { DescriptorProto, FileDescriptorProto } from "@bufbuild/protobuf/wkt";

// Confluent's message indexes (MessageIndexes.java, Python's _create_index_array): the position of the
// message among the message declarations at each nesting level of its file, map-entry messages counted.
// Generated code carries its own path; a reader resolves the writer's path in the writer's file.

/**
 * The full name of the message at `indexes` in a file descriptor; undefined when the path leads nowhere
 * (indexes come from the wire, so they are checked against the declarations, never trusted).
 */
export function messageNameAt(file: FileDescriptorProto, indexes: readonly number[]): string | undefined {
  let declarations: readonly DescriptorProto[] = file.messageType;
  let name = file.package;
  for (const index of indexes) {
    const message = declarations[index];
    if (message === undefined) return undefined;
    name = name === "" ? message.name : `${name}.${message.name}`;
    declarations = message.nestedType;
  }
  return indexes.length === 0 ? undefined : name;
}
