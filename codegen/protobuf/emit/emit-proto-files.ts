import type { DescFile } from "@bufbuild/protobuf";
import type { CompiledProtos } from "../load/compile-protos.js";
import { emitProtoFile, type EmitProtoOptions, type GeneratedProtoFile } from "./emit-proto-file.js";

/**
 * The modules of the compiled files and of everything they import (well-known types included: their
 * descriptors are imports of the registered files), sorted by path.
 */
export function emitProtoFiles(compiled: CompiledProtos, options: EmitProtoOptions): GeneratedProtoFile[] {
  const closure = new Map<string, DescFile>();
  const visit = (file: DescFile): void => {
    if (closure.has(file.proto.name)) return;
    closure.set(file.proto.name, file);
    for (const dependency of file.dependencies) visit(dependency);
  };
  for (const file of compiled.files) visit(file);
  return [...closure.values()]
    .map((file) => emitProtoFile(file, { descriptorBytes: compiled.descriptorBytes, ...options }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
