import { CodegenInputError } from "../../src/errors/index.js";
import type { PartitionerName, SubjectNameStrategyName } from "../../src/producer/topic-binding.js";
import type { SchemaModel, TypeModel } from "../model/avro-model.js";
import type { OutputLayout } from "./output-layout.js";
import type { TsFile } from "./ts-file.js";
import { compareStrings, topicIdentifier } from "./ts-names.js";

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

/** Generated Protobuf message classes by full name: module path, class name, usable key fields. */
export type ProtobufTopicTypes = ReadonlyMap<
  string,
  {
    readonly path: string;
    readonly className: string;
    /** Singular string fields: as named in config (.proto name or property) → the generated property. */
    readonly keyFields: ReadonlyMap<string, string>;
  }
>;

export interface TopicsContext {
  readonly model: SchemaModel;
  /** Protobuf messages topics may name as well; none by default. */
  readonly protobuf?: ProtobufTopicTypes;
  readonly layout: OutputLayout;
  /** Where the topics were configured, for error messages. */
  readonly configFile: string;
}

/** `topics.ts`: one typed binding per configured topic, in topic-name order. */
export function emitTopics(topics: readonly TopicConfig[], context: TopicsContext): TsFile {
  const file = context.layout.topicsFile();
  const sorted = [...topics].sort((a, b) => compareStrings(a.topic, b.topic));
  // Every export is declared before any import is named, so that an imported record never takes a
  // binding's name (a record called `ordersTopic`, or one called `defineTopic`).
  const identifiers = new Map<TopicConfig, string>();
  for (const topic of sorted) {
    const base = topicIdentifier(topic.topic);
    let identifier = base;
    for (let n = 2; [...identifiers.values()].includes(identifier); n += 1)
      identifier = `${base.replace(/Topic$/, "")}${n}Topic`;
    identifiers.set(topic, file.export(identifier));
  }
  for (const topic of sorted) {
    const at = { file: context.configFile, jsonPath: `$.topics[${JSON.stringify(topic.topic)}]` };
    const define = file.use(context.layout.runtime("defineTopic"));
    const value = recordClass(topic.value, "value", at, context, file);
    const keyIsRecord = topic.key !== undefined && topic.key !== "string" && topic.key !== "bytes";
    const key = keyIsRecord ? recordClass(topic.key as string, "key", at, context, file) : topic.key;
    const keyField = topic.keyField === undefined ? undefined : checkKeyField(topic, at, context);
    const identifier = identifiers.get(topic) as string;
    const keyNote =
      topic.keyField !== undefined
        ? `, keys from field ${topic.keyField}`
        : key === undefined
          ? ", no key"
          : `, ${keyIsRecord ? topic.key : key} keys`;
    const values = `values ${topic.value}${keyNote}`;
    file.line(`/** Topic ${JSON.stringify(topic.topic)}: ${values}. @generated from ${context.configFile} */`);
    file.line(`export const ${identifier} = /*@__PURE__*/ ${define}({`);
    file.line(`  topic: ${JSON.stringify(topic.topic)},`);
    file.line(`  value: ${value},`);
    if (key !== undefined) file.line(`  key: ${keyIsRecord ? key : JSON.stringify(key)},`);
    if (keyField !== undefined) file.line(`  keyField: ${JSON.stringify(keyField)},`);
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
  const message = type === undefined ? context.protobuf?.get(fullName) : undefined;
  if (message !== undefined) {
    return file.use({ name: message.className, from: { kind: "output", path: message.path }, typeOnly: false });
  }
  if (type === undefined || type.kind !== "record") {
    throw new CodegenInputError(
      { ...at, jsonPath: `${at.jsonPath}.${role}` },
      `${role} type "${fullName}" is not a record or message of the given schemas`,
    );
  }
  return file.use(context.layout.value(fullName));
}

/** The property the binding names as key field; a CodegenInputError when it is not a string or bytes field. */
function checkKeyField(topic: TopicConfig, at: { file: string; jsonPath: string }, context: TopicsContext): string {
  const message = context.protobuf?.get(topic.value);
  if (message !== undefined && !context.model.types.has(topic.value)) {
    const property = message.keyFields.get(topic.keyField ?? "");
    if (property !== undefined) return property;
    throw new CodegenInputError(
      { ...at, jsonPath: `${at.jsonPath}.keyField` },
      `keyField "${topic.keyField ?? ""}" must be a singular string field of ${topic.value}`,
    );
  }
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
      `keyField "${topic.keyField ?? ""}" must be a string or bytes field of ${topic.value}` +
        (field === undefined ? " (no such field)" : ""),
    );
  }
  return topic.keyField ?? "";
}
