import type { ProtobufSchema } from "../../src/compat/index.js";
import { CodegenInputError } from "../../src/errors/index.js";
import { parsingFingerprint64 } from "../../src/serde/avro/canonical-form.js";
import { isKnownType } from "../../src/serde/protobuf/index.js";
import { fingerprintHex } from "../emit/schema-fingerprint.js";
import { protoPathOfSubject } from "./registered-protobuf.js";
import type { ReferencedVersion, RegisteredProtobufVersion, RegisteredVersions } from "./registered-versions.js";

/** A schema file `pull` writes. */
export interface PulledFile {
  /** Path inside the output folder: `<full name>.avsc`; a .proto file's import path. */
  readonly name: string;
  readonly content: string;
}

/** A subject version the referenced schemas come from, as the references name it. */
export interface PulledReference {
  readonly subject: string;
  readonly version: number;
}

/** One pulled subject version, its files (references first) and what the lockfile pins. */
export interface PulledSubject {
  readonly subject: string;
  readonly schema: string;
  readonly version: number;
  readonly schemaId: number;
  readonly fingerprint: string;
  readonly files: readonly PulledFile[];
  /**
   * The subject versions of the schemas it references, each once, in dependency order: pulled in turn, each
   * gives the lockfile entry `schemakit lock` writes for it (Protobuf: well-known types and subjects that are
   * no file name aside).
   */
  readonly references: readonly PulledReference[];
}

/**
 * Reads a subject version and its references from the registry: Avro as `.avsc` files named after the
 * full names they define, so that `schemakit generate` over the folder resolves the references by name;
 * Protobuf as .proto files (see pulledProto). `bound`: the messages a config binds to the subject (its
 * topics' key or value under their subject name strategies), which name a Protobuf subject's lock entry.
 */
export async function pullSubject(
  versions: RegisteredVersions,
  subject: string,
  version: number | "latest",
  bound: readonly string[] = [],
): Promise<PulledSubject> {
  const pulled = await versions.version(subject, version);
  // A Protobuf subject that is no file name cannot be pulled on its own (nor is it a config's reference
  // subject, an import path): its file is written, but it is not locked.
  const unlocked = (entry: ReferencedVersion): boolean =>
    pulled.format === "protobuf" && (isKnownType(entry.name) || protoPathOfSubject(entry.subject) === undefined);
  const references = pulled.referenced.flatMap((entry): PulledReference[] =>
    unlocked(entry) ? [] : [{ subject: entry.subject, version: entry.version }],
  );
  const label = `registry subject ${subject} version ${pulled.stored.version}`;
  if (pulled.format === "protobuf") return { ...pulledProto(subject, pulled, label, bound), references };
  const referencedTexts = pulled.referenced.map((entry) => entry.stored.schema);
  const texts = [...referencedTexts, pulled.stored.schema];
  const files = texts.map((text): PulledFile => {
    const json = JSON.parse(text) as unknown;
    const name = fullNameOf(json);
    if (name === undefined)
      throw new CodegenInputError({ file: label }, "a schema without a name cannot be written to a file of its name");
    // A registry answer becomes a file name: nothing that could leave the output folder.
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name))
      throw new CodegenInputError({ file: label }, `refusing the name ${JSON.stringify(name)} as a file name`);
    return { name: `${name}.avsc`, content: `${JSON.stringify(json, null, 2)}\n` };
  });
  const root = files[files.length - 1] as PulledFile;
  return {
    subject,
    schema: root.name.slice(0, -".avsc".length),
    version: pulled.stored.version,
    schemaId: pulled.stored.id,
    fingerprint: fingerprintHex(parsingFingerprint64(pulled.stored.schema, referencedTexts)),
    files,
    references,
  };
}

/**
 * A Protobuf subject version as .proto files: each reference under its reference name (the import path
 * the schema uses), the schema itself as `<subject>.proto` (the subject when it is an import path), all in
 * canonical text, so that `schemakit generate` over the folder compiles them and gets the same
 * fingerprint. The lock entry names a message, as `schemakit lock` does (see lockedProtoName).
 */
function pulledProto(
  subject: string,
  pulled: RegisteredProtobufVersion,
  label: string,
  bound: readonly string[],
): Omit<PulledSubject, "references"> {
  const { compiled } = pulled;
  if (compiled.rootPath !== protoPathOfSubject(subject))
    throw new CodegenInputError({ file: label }, `refusing the subject ${JSON.stringify(subject)} as a file name`);
  return {
    subject,
    schema: lockedProtoName(subject, compiled.rootPath, compiled.proto, bound),
    version: pulled.stored.version,
    schemaId: pulled.stored.id,
    fingerprint: compiled.fingerprint,
    files: compiled.files.map((file) => ({ name: file.path, content: file.text })),
  };
}

/**
 * What a pulled Protobuf subject's lock entry names. The registry keeps a file, not the message a
 * producer writes, so: the message a config binds to the subject, when the file declares it; the file's
 * import path for a subject that is one (a referenced file, as `lock` names it); the message the subject
 * names under the record (`<full name>`) or topic-record (`<topic>-<full name>`) strategy; else the
 * first top-level message, the one Confluent's serializers take for a file (message index [0]); a file
 * without messages keeps its path.
 */
export function lockedProtoName(
  subject: string,
  rootPath: string,
  proto: ProtobufSchema,
  bound: readonly string[],
): string {
  const declared = declaredMessages(proto.types);
  const boundHere = bound.find((fullName) => declared.includes(fullName));
  if (boundHere !== undefined) return boundHere;
  if (subject.endsWith(".proto")) return rootPath;
  if (declared.includes(subject)) return subject;
  // Full names hold no "-": at most one declared name ends the subject after one.
  const named = declared.find((fullName) => subject.endsWith(`-${fullName}`));
  return named ?? proto.types.find((type) => type.kind === "message")?.fullName ?? rootPath;
}

/** Full names of the messages a file declares, nested ones included, in declaration order. */
function declaredMessages(types: ProtobufSchema["types"]): string[] {
  return types.flatMap((type) => (type.kind === "message" ? [type.fullName, ...declaredMessages(type.types)] : []));
}

function fullNameOf(json: unknown): string | undefined {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
  const { name, namespace } = json as { name?: unknown; namespace?: unknown };
  if (typeof name !== "string") return undefined;
  if (name.includes(".") || typeof namespace !== "string" || namespace === "") return name;
  return `${namespace}.${name}`;
}
