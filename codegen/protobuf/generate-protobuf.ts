import { relative } from "node:path";
import { ScalarType, type DescMessage } from "@bufbuild/protobuf";
import { nestedTypes } from "@bufbuild/protobuf/reflect";
import type { ProtobufTopicTypes } from "../emit/emit-topics.js";
import { compileProtos } from "./load/compile-protos.js";
import type { GeneratedProtoFile } from "./emit/emit-proto-file.js";
import { emitProtoFiles } from "./emit/emit-proto-files.js";
import { modulePathOf, typeNameOf } from "./emit/proto-ts-names.js";

/** What `schemakit generate` needs to generate from .proto files. */
export interface GenerateProtobufOptions {
  /** Where imports are looked up (protoc's --proto_path); every input must lie under one of them. */
  readonly includePaths: readonly string[];
  /** The working directory: relative paths resolve against it, and errors name files relative to it. */
  readonly cwd: string;
  readonly generatorVersion: string;
  readonly runtimeModule: string;
}

export interface GenerateProtobufResult {
  readonly files: readonly GeneratedProtoFile[];
  /** Messages and enums declared by the files generated (imports included), map entries aside. */
  readonly typeCount: number;
  /** The generated message classes, for topic bindings. */
  readonly topicTypes: ProtobufTopicTypes;
}

/**
 * .proto files in (one compiler run for all of them), TypeScript modules out: one per file and per file
 * it imports, well-known types included. Compile errors are CodegenInputErrors naming file:line:col.
 */
export async function generateProtobuf(
  files: readonly string[],
  options: GenerateProtobufOptions,
): Promise<GenerateProtobufResult> {
  const compiled = await compileProtos({
    files: files.map((file) => relative(options.cwd, file) || file),
    includePaths: options.includePaths,
    cwd: options.cwd,
  });
  const emitted = emitProtoFiles(compiled, {
    generatorVersion: options.generatorVersion,
    runtimeModule: options.runtimeModule,
  });
  const generated = new Set(emitted.map((file) => file.path));
  let typeCount = 0;
  const topicTypes = new Map<string, { path: string; className: string; keyFields: ReadonlyMap<string, string> }>();
  for (const file of compiled.registry.files) {
    if (!generated.has(modulePathOf(file))) continue;
    for (const type of nestedTypes(file)) {
      if (type.kind === "enum") typeCount += 1;
      if (type.kind !== "message" || type.proto.options?.mapEntry === true) continue;
      typeCount += 1;
      const keyFields = stringFields(type);
      topicTypes.set(type.typeName, { path: modulePathOf(file), className: typeNameOf(type), keyFields });
    }
  }
  return { files: emitted, typeCount, topicTypes };
}

// A key field is a singular string field (not in a oneof): config may name it as in the .proto file or as
// the generated property; the binding names the property.
function stringFields(message: DescMessage): Map<string, string> {
  const fields = new Map<string, string>();
  for (const field of message.fields) {
    if (field.fieldKind !== "scalar" || field.scalar !== ScalarType.STRING || field.oneof !== undefined) continue;
    fields.set(field.name, field.localName);
    fields.set(field.localName, field.localName);
  }
  return fields;
}
