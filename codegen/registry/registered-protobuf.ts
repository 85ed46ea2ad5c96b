import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { DescFile } from "@bufbuild/protobuf";
import { type ProtobufSchema, protobufSchemaOf } from "../../src/compat/index.js";
import { CodegenInputError, SdkError } from "../../src/errors/index.js";
import type { SubjectVersion } from "../../src/registry/index.js";
import { decodeFileDescriptor, isKnownType, protobufFingerprint } from "../../src/serde/protobuf/index.js";
import { compileProtos } from "../protobuf/load/compile-protos.js";
import { CanonicalProtoError, canonicalProtoText } from "../protobuf/model/canonical-proto.js";
import { registeredSchemaOf } from "../protobuf/model/registered-schema.js";

/** A registered Protobuf schema compiled with its references: what the rules compare, pull writes, lock pins. */
export interface CompiledRegisteredProto {
  /** The registered file's declarations, as the Protobuf rules compare them. */
  readonly proto: ProtobufSchema;
  /** Where the registered file itself sits: `<subject>.proto` (the subject when it ends in .proto). */
  readonly rootPath: string;
  /** Canonical .proto texts by path, references first, the registered file last (known types aside). */
  readonly files: readonly { readonly path: string; readonly text: string }[];
  /** The lockfile fingerprint of the canonical texts: the one the local file would have. */
  readonly fingerprint: string;
}

// A registry answer becomes a path under a scratch (or output) folder: relative, folder names and a
// .proto file name of plain characters, so that nothing can leave the folder.
const SAFE_PATH = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*\.proto$/;
// A subject whose name is no file name still gets checked, as this file.
const FALLBACK_ROOT = "schemakit-registered.proto";

/** Whether a reference name or subject can be a file path under a folder. */
export function isSafeProtoPath(path: string): boolean {
  return SAFE_PATH.test(path) && !path.split("/").some((part) => part === "." || part === "..");
}

/** The file a subject's schema is written to: the subject itself when it is an import path, else + .proto. */
export function protoPathOfSubject(subject: string): string | undefined {
  const path = subject.endsWith(".proto") ? subject : `${subject}.proto`;
  return isSafeProtoPath(path) ? path : undefined;
}

/**
 * Compiles a registered .proto schema (text, or a base64 FileDescriptorProto as Confluent's Python
 * serializer registers) with its references, each written under its reference name (the import path the
 * schema uses), in one compiler run in a scratch folder. Well-known types come with the compiler.
 */
export async function compileRegisteredProto(
  subject: string,
  schema: string,
  referenced: readonly { readonly name: string; readonly stored: SubjectVersion }[],
  label: string,
): Promise<CompiledRegisteredProto> {
  const names = new Set(referenced.map((entry) => entry.name));
  const subjectPath = protoPathOfSubject(subject);
  const rootPath = subjectPath !== undefined && !names.has(subjectPath) ? subjectPath : FALLBACK_ROOT;
  if (names.has(rootPath))
    throw new CodegenInputError({ file: label }, `a reference is named ${rootPath}, as the schema itself`);
  const scratch = await mkdtemp(join(tmpdir(), "schemakit-registered-proto-"));
  try {
    for (const entry of referenced) {
      if (isKnownType(entry.name)) continue;
      if (!isSafeProtoPath(entry.name))
        throw new CodegenInputError({ file: label }, `refusing the reference name ${JSON.stringify(entry.name)}`);
      if (entry.stored.schemaType !== "PROTOBUF") {
        throw new CodegenInputError(
          { file: label },
          `reference ${entry.name} is a ${entry.stored.schemaType} schema, not Protobuf`,
        );
      }
      await writeProto(scratch, entry.name, protoText(entry.stored.schema, `${label} reference ${entry.name}`));
    }
    await writeProto(scratch, rootPath, protoText(schema, label));
    let file: DescFile;
    try {
      const compiled = await compileProtos({ files: [rootPath], includePaths: [scratch], cwd: scratch });
      file = compiled.files[0] as DescFile;
    } catch (cause) {
      if (!SdkError.is(cause)) throw cause;
      throw new CodegenInputError({ file: label }, `cannot compile the registered schema: ${cause.message}`, {
        cause,
      });
    }
    const files = fingerprintOrder(file).map((entry) => ({ path: entry.proto.name, text: printed(entry, label) }));
    return {
      proto: protobufSchemaOf(file),
      rootPath,
      files,
      fingerprint: protobufFingerprint(files.map((entry) => entry.text)),
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function writeProto(folder: string, path: string, text: string): Promise<void> {
  await mkdir(dirname(join(folder, path)), { recursive: true });
  await writeFile(join(folder, path), text);
}

// .proto text as is; a base64 FileDescriptorProto printed as .proto text.
function protoText(schema: string, label: string): string {
  const descriptor = decodeFileDescriptor(schema);
  if (descriptor === undefined) return schema;
  try {
    return canonicalProtoText(descriptor);
  } catch (cause) {
    if (!(cause instanceof CanonicalProtoError)) throw cause;
    throw new CodegenInputError({ file: label }, `cannot print the registered descriptor: ${cause.message}`, {
      cause,
    });
  }
}

function printed(file: DescFile, label: string): string {
  try {
    return registeredSchemaOf(file);
  } catch (cause) {
    if (!SdkError.is(cause)) throw cause;
    throw new CodegenInputError({ file: label }, cause.message, { cause });
  }
}

/** Imports before importers, each once, known types aside: the order of the lockfile fingerprint. */
export function fingerprintOrder(file: DescFile): DescFile[] {
  const ordered: DescFile[] = [];
  const seen = new Set<string>();
  const visit = (current: DescFile): void => {
    if (seen.has(current.proto.name) || isKnownType(current.proto.name)) return;
    seen.add(current.proto.name);
    for (const imported of current.dependencies) visit(imported);
    ordered.push(current);
  };
  visit(file);
  return ordered;
}
