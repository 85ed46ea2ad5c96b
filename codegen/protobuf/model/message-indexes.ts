import type { DescMessage } from "@bufbuild/protobuf";

// Confluent's message indexes (MessageIndexes.java, Python's _create_index_array), baked into generated
// code: the position of the message among the message declarations at each nesting level of its file.
// Map-entry messages are declarations too (the compiler synthesises one per map field), so they count;
// enums do not. The serde reads a path back with messageNameAt.

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
