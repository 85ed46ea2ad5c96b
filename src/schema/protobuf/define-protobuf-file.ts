import type { ProtobufFileDesc } from "./protobuf-descriptors.js";

export interface ProtobufFileDefinition {
  /** The import path ("com/acme/orders/order.proto"). */
  readonly path: string;
  /** The canonical .proto text registered (see ProtobufFileDesc.schema). */
  readonly schema: string;
  /**
   * The base64 FileDescriptorProto without source info (see ProtobufFileDesc.descriptor). Code generated
   * before schemakit registered .proto text has none and its `schema` is that base64: it keeps working,
   * registering what it registered then.
   */
  readonly descriptor?: string;
  /** The imported files' descriptors, in import order; a function, so that files may refer to each other. */
  readonly imports?: () => readonly ProtobufFileDesc[];
}

const NONE = (): readonly ProtobufFileDesc[] => [];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Builds the descriptor of a .proto file. Generated code calls this once per file. */
export function defineProtobufFile(definition: ProtobufFileDefinition): ProtobufFileDesc {
  const { path, schema } = definition;
  const descriptor = definition.descriptor ?? (isBase64(schema) ? schema : undefined);
  if (typeof path !== "string" || !path.endsWith(".proto") || path.startsWith("/")) {
    throw new TypeError(`defineProtobufFile: path must be a relative import path ending in .proto, got ${path}`);
  }
  if (typeof schema !== "string" || schema.trim().length === 0) {
    throw new TypeError(`defineProtobufFile(${path}): schema must be the file's .proto text`);
  }
  if (typeof descriptor !== "string" || !isBase64(descriptor)) {
    throw new TypeError(`defineProtobufFile(${path}): descriptor must be a base64 FileDescriptorProto`);
  }
  const imports = definition.imports ?? NONE;
  return Object.freeze({ kind: "protobuf", descType: "file", path, schema, descriptor, imports });
}

function isBase64(text: unknown): boolean {
  return typeof text === "string" && text.length > 0 && text.length % 4 === 0 && BASE64.test(text);
}
