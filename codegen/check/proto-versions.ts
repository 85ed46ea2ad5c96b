import { stat } from "node:fs/promises";
import { dirname, extname, relative, resolve } from "node:path";
import { type ProtobufSchema, protobufSchemaOf } from "../../src/compat/index.js";
import { CodegenInputError } from "../../src/errors/index.js";
import { findSchemaFiles } from "../load/load-schema-files.js";
import { compileProtos } from "../protobuf/load/compile-protos.js";

/** One .proto file of a version: its import path (the key across versions), its rules' view, its label. */
export interface VersionedProto {
  readonly key: string;
  readonly schema: ProtobufSchema;
  /** Shown as `against`: the file (or `git:REV:path`) it was read from. */
  readonly label: string;
}

/** Whether a path names a .proto file (rather than a folder or an Avro file). */
export function isProtoFile(path: string): boolean {
  return extname(path) === ".proto";
}

/**
 * The .proto files among `inputs` (files, or folders searched recursively), compiled together in one
 * compiler run and keyed by import path: a folder is the include path of the files under it, a file's own
 * folder is its include path. No .proto file: an empty map, and no compiler run.
 */
export async function loadProtoVersion(
  inputs: readonly string[],
  cwd: string,
  label: (file: string) => string,
): Promise<Map<string, VersionedProto>> {
  const includePaths: string[] = [];
  const files: string[] = [];
  for (const input of inputs.map((path) => resolve(cwd, path))) {
    const info = await stat(input).catch(() => undefined);
    if (info?.isDirectory() === true) {
      const found = await findSchemaFiles([input], [".proto"]);
      if (found.length > 0) includePaths.push(input);
      files.push(...found);
    } else if (isProtoFile(input)) {
      if (info === undefined) throw new CodegenInputError({ file: relative(cwd, input) || input }, "no such file");
      includePaths.push(dirname(input));
      files.push(input);
    }
  }
  const versions = new Map<string, VersionedProto>();
  if (files.length === 0) return versions;
  const unique = [...new Set(files)];
  const compiled = await compileProtos({ files: unique, includePaths: [...new Set(includePaths)], cwd });
  compiled.files.forEach((file, index) => {
    const path = relative(cwd, unique[index] as string)
      .split("\\")
      .join("/");
    const schema = protobufSchemaOf(file);
    versions.set(schema.file, { key: schema.file, schema, label: label(path) });
  });
  return versions;
}
