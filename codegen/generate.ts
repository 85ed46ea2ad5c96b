import { CodegenInputError } from "../src/errors/index.js";
import type { LongMode } from "../src/schema/index.js";
import { parsingFingerprint64 } from "../src/serde/avro/canonical-form.js";
import type { NamedModel, SchemaModel } from "./model/avro-model.js";
import { buildAvroModel, type LoadedSchemaFile } from "./model/build-avro-model.js";
import { emitAvroType } from "./emit/emit-avro-type.js";
import { emitTopics, type TopicConfig } from "./emit/emit-topics.js";
import { fileHeader } from "./emit/file-header.js";
import { OutputLayout } from "./emit/output-layout.js";
import { registeredSchema, type ReferenceMode, type RegisteredSchema } from "./emit/registered-schema.js";
import { compareStrings } from "./emit/ts-names.js";

/** Options of the pure generator (the CLI resolves them from flags and schemakit.config.json). */
export interface GenerateOptions {
  /** `long` as number (safe integers, the default) or bigint. */
  readonly longs: LongMode;
  /** Named types of other source files as Schema Registry references (default) or written inline. */
  readonly references: ReferenceMode;
  /** The module generated code imports its runtime from; default "schemakit/runtime/v1". */
  readonly runtimeModule: string;
  /** Typed topic bindings to emit into `topics.ts`; none by default. */
  readonly topics: readonly TopicConfig[];
  /** Written into each file's header. */
  readonly generatorVersion: string;
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
    const fingerprint = (): string => fingerprintOf(type, schema, registered);
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

// Also where avsc checks the whole schema (defaults included): an error here points at the type.
function fingerprintOf(
  type: NamedModel,
  schema: RegisteredSchema,
  registered: ReadonlyMap<string, RegisteredSchema>,
): string {
  const referenced: string[] = [];
  const seen = new Set<string>();
  const visit = (fullName: string): void => {
    if (seen.has(fullName)) return;
    seen.add(fullName);
    const entry = registered.get(fullName) as RegisteredSchema;
    for (const next of entry.references) visit(next);
    referenced.push(JSON.stringify(entry.json));
  };
  for (const reference of schema.references) visit(reference);
  try {
    const fingerprint = parsingFingerprint64(schema.json, referenced);
    return BigInt.asUintN(64, fingerprint).toString(16).padStart(16, "0");
  } catch (cause) {
    throw new CodegenInputError(
      { file: type.location.file, jsonPath: type.location.jsonPath, typeName: type.fullName },
      `invalid schema: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}
