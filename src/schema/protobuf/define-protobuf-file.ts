import type { ProtobufFileDesc } from "./protobuf-descriptors.js";

export interface ProtobufFileDefinition {
  /** The import path ("com/acme/orders/order.proto"). */
  readonly path: string;
  /** The base64 FileDescriptorProto without source info (see ProtobufFileDesc.schema). */
  readonly schema: string;
  /** The imported files' descriptors, in import order; a function, so that files may refer to each other. */
  readonly imports?: () => readonly ProtobufFileDesc[];
}

const NONE = (): readonly ProtobufFileDesc[] => [];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Builds the descriptor of a .proto file. Generated code calls this once per file. */
export function defineProtobufFile(definition: ProtobufFileDefinition): ProtobufFileDesc {
  const { path, schema } = definition;
  if (typeof path !== "string" || !path.endsWith(".proto") || path.startsWith("/")) {
    throw new TypeError(`defineProtobufFile: path must be a relative import path ending in .proto, got ${path}`);
  }
  if (typeof schema !== "string" || schema.length === 0 || schema.length % 4 !== 0 || !BASE64.test(schema)) {
    throw new TypeError(`defineProtobufFile(${path}): schema must be a base64 FileDescriptorProto`);
  }
  return Object.freeze({ kind: "protobuf", descType: "file", path, schema, imports: definition.imports ?? NONE });
}
