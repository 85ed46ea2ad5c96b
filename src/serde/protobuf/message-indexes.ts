import type { DescMessage } from "@bufbuild/protobuf";
import type { DescriptorProto, FileDescriptorProto } from "@bufbuild/protobuf/wkt";

// Confluent's message indexes (MessageIndexes.java, Python's _create_index_array): the position of the
// message among the message declarations at each nesting level of its file. Map-entry messages are
// declarations too (the compiler synthesises one per map field), so they count; enums do not.

/** The message-index path of a compiled message. */
export function messageIndexesOf(message: DescMessage): number[] {
  const path: number[] = [];
  let current: DescMessage = message;
  while (current.parent !== undefined) {
    path.unshift(current.parent.proto.nestedType.indexOf(current.proto));
    current = current.parent;
  }
  path.unshift(current.file.proto.messageType.indexOf(current.proto));
  return path;
}

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
