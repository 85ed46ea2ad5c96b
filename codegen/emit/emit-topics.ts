import { CodegenInputError } from "../../src/errors/index.js";
import type { PartitionerName, SubjectNameStrategyName } from "../../src/producer/topic-binding.js";
import type { SchemaModel, TypeModel } from "../model/avro-model.js";
import { TsFile } from "./ts-file.js";
import { relativeImport, topicIdentifier, typeIdentifier } from "./ts-names.js";

/** One topic of schemakit.config.json, resolved. */
export interface TopicConfig {
  readonly topic: string;
  /** Full name of the value record. */
  readonly value: string;
  /** "string", "bytes", or the full name of a key record; default "string" with a keyField, else none. */
  readonly key?: string;
  /** The value's field that is the key (string or bytes). */
  readonly keyField?: string;
  readonly subjectNameStrategy?: SubjectNameStrategyName;
  readonly partitioner?: PartitionerName;
}

export interface TopicsContext {
  readonly model: SchemaModel;
  readonly paths: ReadonlyMap<string, string>;
  readonly runtimeModule: string;
  /** Where the topics were configured, for error messages. */
  readonly configFile: string;
}

/** `topics.ts`: one typed binding per configured topic, in topic-name order. */
export function emitTopics(topics: readonly TopicConfig[], context: TopicsContext): TsFile {
  const file = new TsFile();
  const define = file.import(context.runtimeModule, "defineTopic");
  const sorted = [...topics].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
  const identifiers = new Set<string>();
  for (const topic of sorted) {
    const at = { file: context.configFile, jsonPath: `$.topics[${JSON.stringify(topic.topic)}]` };
    const value = recordClass(topic.value, "value", at, context, file);
    const keyIsRecord = topic.key !== undefined && topic.key !== "string" && topic.key !== "bytes";
    const key = keyIsRecord ? recordClass(topic.key as string, "key", at, context, file) : topic.key;
    if (topic.keyField !== undefined) checkKeyField(topic, at, context);
    let identifier = topicIdentifier(topic.topic);
    for (let n = 2; identifiers.has(identifier); n += 1)
      identifier = `${topicIdentifier(topic.topic).replace(/Topic$/, "")}${n}Topic`;
    identifiers.add(identifier);
    const keyNote =
      topic.keyField !== undefined
        ? `, keys from field ${topic.keyField}`
        : key === undefined
          ? ", no key"
          : `, ${keyIsRecord ? topic.key : key} keys`;
    file.line(
      `/** Topic ${JSON.stringify(topic.topic)}: values ${topic.value}${keyNote}. @generated from ${context.configFile} */`,
    );
    file.line(`export const ${identifier} = /*@__PURE__*/ ${define}({`);
    file.line(`  topic: ${JSON.stringify(topic.topic)},`);
    file.line(`  value: ${value},`);
    if (key !== undefined) file.line(`  key: ${keyIsRecord ? key : JSON.stringify(key)},`);
    if (topic.keyField !== undefined) file.line(`  keyField: ${JSON.stringify(topic.keyField)},`);
    file.line(`  subjectNameStrategy: ${JSON.stringify(topic.subjectNameStrategy ?? "topic")},`);
    file.line(`  partitioner: ${JSON.stringify(topic.partitioner ?? "murmur2")},`);
    file.line("});");
    file.line();
  }
  return file;
}

function recordClass(
  fullName: string,
  role: string,
  at: { file: string; jsonPath: string },
  context: TopicsContext,
  file: TsFile,
): string {
  const type = context.model.types.get(fullName);
  if (type === undefined || type.kind !== "record") {
    throw new CodegenInputError(
      { ...at, jsonPath: `${at.jsonPath}.${role}` },
      `${role} type "${fullName}" is not a record of the given schemas`,
    );
  }
  const module = relativeImport("topics.ts", context.paths.get(fullName) ?? "");
  const simple = typeIdentifier(type);
  // Two records with one simple name in different namespaces: the second is imported under its full name.
  const local = file.importsLocal(simple, module) ? fullName.split(".").join("_") : simple;
  return file.import(module, simple, { local });
}

function checkKeyField(topic: TopicConfig, at: { file: string; jsonPath: string }, context: TopicsContext): void {
  const value = context.model.types.get(topic.value);
  const field =
    value?.kind === "record" ? value.fields.find((candidate) => candidate.name === topic.keyField) : undefined;
  const fieldType: TypeModel | undefined = field?.type;
  const usable =
    fieldType?.kind === "primitive" &&
    (fieldType.name === "string" || fieldType.name === "bytes") &&
    fieldType.logical?.name !== "decimal";
  if (!usable) {
    throw new CodegenInputError(
      { ...at, jsonPath: `${at.jsonPath}.keyField` },
      `keyField "${topic.keyField ?? ""}" must be a string or bytes field of ${topic.value}${field === undefined ? " (no such field)" : ""}`,
    );
  }
}
