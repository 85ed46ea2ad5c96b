import type { DescFile } from "@bufbuild/protobuf";
import { nestedTypes } from "@bufbuild/protobuf/reflect";
import { protobufSchemaOf } from "../../src/compat/index.js";
import { isKnownType, protobufFingerprint } from "../../src/serde/protobuf/index.js";
import { findSchemaFiles } from "../load/load-schema-files.js";
import { compileProtos } from "../protobuf/load/compile-protos.js";
import { registeredSchemaOf } from "../protobuf/model/registered-schema.js";
import type { LocalProtobufSchema } from "./local-subjects.js";
import { fingerprintOrder } from "./registered-protobuf.js";

/**
 * The local Protobuf schemas of a config's inputs, as the serializer registers them: every message by its
 * full name and every file by its import path (the subject a reference is registered under), each with
 * its file's canonical .proto text, its registered imports as references, and the lockfile fingerprint.
 * All .proto files are compiled in one compiler run; no .proto input gives an empty map.
 */
export async function localProtobufSchemas(
  inputs: readonly string[],
  includePaths: readonly string[],
  cwd: string,
): Promise<Map<string, LocalProtobufSchema>> {
  const schemas = new Map<string, LocalProtobufSchema>();
  const files = await findSchemaFiles(inputs, [".proto"]);
  if (files.length === 0) return schemas;
  const compiled = await compileProtos({ files, includePaths, cwd });
  const texts = new Map<string, string>();
  const textOf = (file: DescFile): string => {
    let text = texts.get(file.proto.name);
    if (text === undefined) {
      text = registeredSchemaOf(file);
      texts.set(file.proto.name, text);
    }
    return text;
  };
  for (const file of compiled.registry.files) {
    if (isKnownType(file.proto.name)) continue;
    const proto = protobufSchemaOf(file);
    const references = registeredImports(file).map((imported) => imported.proto.name);
    // Printed on first use: a file the printer cannot render (custom options) fails the subjects that
    // register it, not a check of topics that never name it.
    const entry = (fullName: string): LocalProtobufSchema => ({
      format: "protobuf",
      fullName,
      get text() {
        return textOf(file);
      },
      references,
      get fingerprint() {
        return protobufFingerprint(fingerprintOrder(file).map(textOf));
      },
      proto,
    });
    schemas.set(file.proto.name, entry(file.proto.name));
    for (const type of nestedTypes(file)) {
      if (type.kind !== "message" || type.proto.options?.mapEntry === true) continue;
      schemas.set(type.typeName, entry(type.typeName));
    }
  }
  return schemas;
}

function registeredImports(file: DescFile): DescFile[] {
  return file.dependencies.filter((imported) => !isKnownType(imported.proto.name));
}
