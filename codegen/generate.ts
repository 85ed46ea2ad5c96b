import type { LongMode } from "../src/schema/index.js";
import type { SchemaModel } from "./model/avro-model.js";
import { buildAvroModel, type LoadedSchemaFile } from "./model/build-avro-model.js";
import { emitAvroType } from "./emit/emit-avro-type.js";
import { emitTopics, type ProtobufTopicTypes, type TopicConfig } from "./emit/emit-topics.js";
import { fileHeader } from "./emit/file-header.js";
import { OutputLayout } from "./emit/output-layout.js";
import { registeredSchema, type ReferenceMode, type RegisteredSchema } from "./emit/registered-schema.js";
import { schemaFingerprint } from "./emit/schema-fingerprint.js";
import { compareStrings } from "./emit/ts-names.js";

/** Options of the pure generator (the CLI resolves them from flags and schemakit.config.json). */
export interface GenerateOptions {
  /** `long` as number (safe integers, the default) or bigint. */
  readonly longs: LongMode;
  /** Named types of other source files as Schema Registry references (default) or written inline. */
  readonly references: ReferenceMode;
  /** The module generated code imports its runtime from; default RUNTIME_MODULE. */
  readonly runtimeModule: string;
  /** Typed topic bindings to emit into `topics.ts`; none by default. */
  readonly topics: readonly TopicConfig[];
  /** Written into each file's header. */
  readonly generatorVersion: string;
  /** Generated Protobuf message classes that topics may name as well. */
  readonly protobuf?: ProtobufTopicTypes;
  /** The config file the topics came from, for the header of `topics.ts`. */
  readonly configSource?: { readonly file: string; readonly sha256: string };
}

/** A file to write, relative to the output folder. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

export interface GenerateResult {
  readonly files: readonly GeneratedFile[];
  /** Named types read (records, enums, fixed). */
  readonly typeCount: number;
}

/**
 * Schema files in, TypeScript files out: one file per named type (in folders following the namespace),
 * plus `topics.ts` when topics are configured. Pure: no I/O, same input → same bytes.
 */
export function generate(files: readonly LoadedSchemaFile[], options: GenerateOptions): GenerateResult {
  const model = buildAvroModel(files);
  const sourceOf = sourceIndex(model);
  const layout = new OutputLayout(model, options.runtimeModule);
  const registered = new Map<string, RegisteredSchema>();
  for (const fullName of model.types.keys())
    registered.set(
      fullName,
      registeredSchema(model, fullName, options.references, (name) => sourceOf.get(name)?.file ?? ""),
    );
  const optionsNote = `longs=${options.longs}, references=${options.references}`;
  const output: GeneratedFile[] = [];
  for (const type of model.types.values()) {
    const schema = registered.get(type.fullName) as RegisteredSchema;
    const fingerprint = (): string => schemaFingerprint(type, schema, registered);
    const file = emitAvroType(type, { model, longs: options.longs, layout, registered: schema, fingerprint });
    const source = sourceOf.get(type.fullName);
    const header = fileHeader({
      generatorVersion: options.generatorVersion,
      options: optionsNote,
      sources: source === undefined ? [] : [source],
    });
    output.push({ path: file.path, content: file.render(header) });
  }
  if (options.topics.length > 0) {
    const topics = emitTopics(options.topics, {
      model,
      layout,
      configFile: options.configSource?.file ?? "schemakit.config.json",
      ...(options.protobuf === undefined ? {} : { protobuf: options.protobuf }),
    });
    const header = fileHeader({
      generatorVersion: options.generatorVersion,
      options: optionsNote,
      sources: options.configSource === undefined ? [] : [options.configSource],
    });
    output.push({ path: topics.path, content: topics.render(header) });
  }
  output.sort((a, b) => compareStrings(a.path, b.path));
  return { files: output, typeCount: model.types.size };
}

function sourceIndex(model: SchemaModel): Map<string, { file: string; sha256: string }> {
  const index = new Map<string, { file: string; sha256: string }>();
  for (const source of model.sources)
    for (const fullName of source.definitions) index.set(fullName, { file: source.file, sha256: source.sha256 });
  return index;
}
