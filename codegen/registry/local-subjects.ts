import { type AvroNode, type AvroSchemaSource, type ProtobufSchema, parseAvroSchemas } from "../../src/compat/index.js";
import { CodegenInputError } from "../../src/errors/index.js";
import { resolveSubjectNameStrategy } from "../../src/serde/subject-name-strategy.js";
import type { TopicConfig } from "../emit/emit-topics.js";
import { registeredSchema, type ReferenceMode, type RegisteredSchema } from "../emit/registered-schema.js";
import { schemaFingerprint } from "../emit/schema-fingerprint.js";
import type { SchemaModel } from "../model/avro-model.js";
import { buildAvroModel, type LoadedSchemaFile } from "../model/build-avro-model.js";

interface LocalSchemaCommon {
  /** Full name of the named type (Avro) or message (Protobuf); a Protobuf file's import path. */
  readonly fullName: string;
  /** The registered text. */
  readonly text: string;
  /** The subjects of the schemas it references (full names; import paths), each registered first. */
  readonly references: readonly string[];
  /** The lockfile fingerprint, 16 hex digits. */
  readonly fingerprint: string;
}

/**
 * A local Avro schema exactly as the generated descriptor (and so the serializer) registers it: compact
 * JSON, named types of other files referenced by full name; its fingerprint is CRC-64-AVRO of the Parsing
 * Canonical Form (references written out).
 */
export interface LocalAvroSchema extends LocalSchemaCommon {
  readonly format: "avro";
  /** The parsed schema, named types resolved across the local files: what compatibility is checked on. */
  readonly node: AvroNode;
}

/** A local .proto file as the Protobuf serializer registers it: canonical text, imports as references. */
export interface LocalProtobufSchema extends LocalSchemaCommon {
  readonly format: "protobuf";
  /** The file's declarations as the Protobuf rules compare them. */
  readonly proto: ProtobufSchema;
}

export type LocalSchema = LocalAvroSchema | LocalProtobufSchema;

/** Why a subject is registered: a topic's value or key schema, or a schema another one references. */
export type SubjectRole = "value" | "key" | "reference";

/** One subject the config binds, and the local schema it gets. */
export interface LocalSubject {
  readonly subject: string;
  readonly role: SubjectRole;
  /** The topic that binds it; undefined for a reference. */
  readonly topic: string | undefined;
  readonly schema: LocalSchema;
}

/**
 * Every subject the config's topics bind, under their subject name strategies (value, and key when the
 * key is a record), plus the subjects of the schemas they reference, in dependency order: a referenced
 * schema comes before every schema that references it, as it must be registered first. A subject named
 * twice with the same schema is listed once; with two different schemas it is an input error.
 */
export function localSubjects(
  files: readonly LoadedSchemaFile[],
  topics: readonly TopicConfig[],
  mode: ReferenceMode,
  configFile: string,
  protobuf: ReadonlyMap<string, LocalProtobufSchema> = new Map(),
): LocalSubject[] {
  if (topics.length === 0)
    throw new CodegenInputError({ file: configFile, jsonPath: "$.topics" }, "no topics: no subjects to work on");
  const schemas = new Map<string, LocalSchema>([...localSchemas(files, mode), ...protobuf]);
  const ordered: LocalSubject[] = [];
  const bySubject = new Map<string, LocalSubject>();
  const add = (entry: LocalSubject, at: string): void => {
    const earlier = bySubject.get(entry.subject);
    if (earlier !== undefined) {
      if (earlier.schema.fullName !== entry.schema.fullName) {
        throw new CodegenInputError(
          { file: configFile, jsonPath: at },
          `subject "${entry.subject}" would get both ${earlier.schema.fullName} and ${entry.schema.fullName}`,
        );
      }
      return;
    }
    bySubject.set(entry.subject, entry);
    ordered.push(entry);
  };
  const visit = (fullName: string, at: string, binding: Omit<LocalSubject, "schema">): void => {
    const schema = schemas.get(fullName);
    if (schema === undefined) throw new CodegenInputError({ file: configFile, jsonPath: at }, `no type ${fullName}`);
    for (const reference of schema.references)
      visit(reference, at, { subject: reference, role: "reference", topic: undefined });
    add({ ...binding, schema }, at);
  };
  for (const topic of topics) {
    const at = `$.topics[${JSON.stringify(topic.topic)}]`;
    const subjectOf = resolveSubjectNameStrategy(topic.subjectNameStrategy, `${at}.subjectNameStrategy`);
    const keyIsRecord = topic.key !== undefined && topic.key !== "string" && topic.key !== "bytes";
    if (keyIsRecord) {
      const key = topic.key as string;
      visit(key, `${at}.key`, { subject: subjectOf(topic.topic, true, key), role: "key", topic: topic.topic });
    }
    visit(topic.value, `${at}.value`, {
      subject: subjectOf(topic.topic, false, topic.value),
      role: "value",
      topic: topic.topic,
    });
  }
  return ordered;
}

/** Every named type of the files, as its descriptor registers it. */
export function localSchemas(files: readonly LoadedSchemaFile[], mode: ReferenceMode): Map<string, LocalAvroSchema> {
  const model = buildAvroModel(files);
  const nodes = parsedNodes(files);
  const sourceOf = sourceIndex(model);
  const registered = new Map<string, RegisteredSchema>();
  for (const fullName of model.types.keys())
    registered.set(
      fullName,
      registeredSchema(model, fullName, mode, (name) => sourceOf.get(name) ?? ""),
    );
  const schemas = new Map<string, LocalAvroSchema>();
  for (const type of model.types.values()) {
    const schema = registered.get(type.fullName) as RegisteredSchema;
    const node = nodes.get(type.fullName);
    if (node === undefined) continue;
    schemas.set(type.fullName, {
      format: "avro",
      fullName: type.fullName,
      text: JSON.stringify(schema.json),
      references: schema.references,
      fingerprint: schemaFingerprint(type, schema, registered),
      node,
    });
  }
  return schemas;
}

function parsedNodes(files: readonly LoadedSchemaFile[]): ReadonlyMap<string, AvroNode> {
  const sources: AvroSchemaSource[] = files.flatMap((file) =>
    file.schemas.map((schema, index) => ({
      schema,
      source: file.file,
      jsonPath: file.paths[index] ?? `$[${index}]`,
      ...(file.namespace === undefined ? {} : { namespace: file.namespace }),
    })),
  );
  return parseAvroSchemas(sources).named;
}

function sourceIndex(model: SchemaModel): Map<string, string> {
  const index = new Map<string, string>();
  for (const source of model.sources) for (const fullName of source.definitions) index.set(fullName, source.file);
  return index;
}
