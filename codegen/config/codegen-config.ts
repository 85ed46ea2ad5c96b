import { CodegenInputError } from "../../src/errors/index.js";
import {
  DEPRECATED_PARTITIONER_NAMES,
  PARTITIONER_NAMES,
  type PartitionerName,
} from "../../src/producer/partitioners/partitioner-names.js";
import { SUBJECT_NAME_STRATEGIES, type SubjectNameStrategyName } from "../../src/serde/subject-name-strategy.js";
import { type LongMode, RUNTIME_MODULE } from "../../src/schema/index.js";
import type { TopicConfig } from "../emit/emit-topics.js";
import type { ReferenceMode } from "../emit/registered-schema.js";

/** schemakit.config.json, as written (every key optional). */
export interface CodegenConfigFile {
  /** Schema files or folders (searched for .avsc, .avdl, .avpr and .proto), relative to the config file. */
  readonly inputs?: readonly string[];
  /** Where .proto imports are looked up (protoc's --proto_path), relative to the config file. */
  readonly protoPaths?: readonly string[];
  /** Where generated files go, relative to the config file. */
  readonly outDir?: string;
  readonly longs?: LongMode;
  readonly references?: ReferenceMode;
  readonly runtimeModule?: string;
  /** Topic name → its value type (full name), key, key field, subject strategy and partitioner. */
  readonly topics?: Readonly<Record<string, Omit<TopicConfig, "topic">>>;
  /** Schema Registry base URL for check, register, pull and compat (credentials belong in the environment). */
  readonly registry?: string;
  /** The schema lockfile, relative to the config file; default schemakit.lock.json. */
  readonly lockfile?: string;
}

/** The config with defaults applied and every value checked. */
export interface CodegenConfig {
  readonly inputs: readonly string[];
  /** Empty when not configured: the config's folder (or the working directory) is the include path. */
  readonly protoPaths: readonly string[];
  readonly outDir: string | undefined;
  readonly longs: LongMode;
  readonly references: ReferenceMode;
  readonly runtimeModule: string;
  readonly topics: readonly TopicConfig[];
  readonly registry: string | undefined;
  readonly lockfile: string;
}

/** Defaults of every codegen option. */
export const CODEGEN_DEFAULTS = Object.freeze({
  longs: "number" as LongMode,
  references: "registry" as ReferenceMode,
  runtimeModule: RUNTIME_MODULE,
  lockfile: "schemakit.lock.json",
});

const LONG_MODES: readonly string[] = ["number", "bigint"];
const REFERENCE_MODES: readonly string[] = ["registry", "inline"];
const STRATEGIES: readonly string[] = SUBJECT_NAME_STRATEGIES;
// Deprecated names are still accepted: the producer warns when it meets one.
const PARTITIONERS: readonly string[] = [...PARTITIONER_NAMES, ...Object.keys(DEPRECATED_PARTITIONER_NAMES)];
const TOPIC_KEYS: readonly string[] = ["value", "key", "keyField", "subjectNameStrategy", "partitioner"];
const CONFIG_KEYS: readonly string[] = [
  "$schema",
  "inputs",
  "protoPaths",
  "outDir",
  "longs",
  "references",
  "runtimeModule",
  "topics",
  "registry",
  "lockfile",
];

/** Checks a parsed schemakit.config.json; errors name the file and the JSON path of the bad value. */
export function resolveCodegenConfig(json: unknown, file: string): CodegenConfig {
  const fail = (jsonPath: string, detail: string): never => {
    throw new CodegenInputError({ file, jsonPath }, detail);
  };
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return fail("$", "the config must be a JSON object");
  const config = json as Record<string, unknown>;
  for (const key of Object.keys(config))
    if (!CONFIG_KEYS.includes(key)) fail(`$.${key}`, `unknown option (known: ${CONFIG_KEYS.slice(1).join(", ")})`);
  const inputs = config["inputs"] ?? [];
  if (!Array.isArray(inputs) || !inputs.every((input) => typeof input === "string" && input !== ""))
    fail("$.inputs", "expected an array of paths");
  const protoPaths = config["protoPaths"] ?? [];
  if (!Array.isArray(protoPaths) || !protoPaths.every((path) => typeof path === "string" && path !== ""))
    fail("$.protoPaths", "expected an array of folders");
  const outDir = config["outDir"];
  if (outDir !== undefined && (typeof outDir !== "string" || outDir === "")) fail("$.outDir", "expected a path");
  const longs = oneOf(config["longs"], LONG_MODES, CODEGEN_DEFAULTS.longs, "$.longs", fail) as LongMode;
  const references = oneOf(
    config["references"],
    REFERENCE_MODES,
    CODEGEN_DEFAULTS.references,
    "$.references",
    fail,
  ) as ReferenceMode;
  const runtimeModule = config["runtimeModule"] ?? CODEGEN_DEFAULTS.runtimeModule;
  if (typeof runtimeModule !== "string" || runtimeModule === "") fail("$.runtimeModule", "expected a module specifier");
  const topicsJson = config["topics"] ?? {};
  if (typeof topicsJson !== "object" || topicsJson === null || Array.isArray(topicsJson))
    return fail("$.topics", "expected an object: topic name → binding");
  const topics = Object.entries(topicsJson as Record<string, unknown>).map(([topic, binding]): TopicConfig => {
    const at = `$.topics[${JSON.stringify(topic)}]`;
    if (topic === "") fail(at, "a topic name cannot be empty");
    if (typeof binding !== "object" || binding === null || Array.isArray(binding))
      return fail(at, "expected an object with at least a value type");
    const entry = binding as Record<string, unknown>;
    for (const key of Object.keys(entry))
      if (!TOPIC_KEYS.includes(key)) fail(`${at}.${key}`, `unknown topic option (known: ${TOPIC_KEYS.join(", ")})`);
    const value = entry["value"];
    if (typeof value !== "string" || value === "") return fail(`${at}.value`, "expected the full name of a record");
    const key = entry["key"];
    if (key !== undefined && (typeof key !== "string" || key === ""))
      fail(`${at}.key`, `expected "string", "bytes" or the full name of a record`);
    const keyField = entry["keyField"];
    if (keyField !== undefined && (typeof keyField !== "string" || keyField === ""))
      fail(`${at}.keyField`, "expected a field name");
    if (keyField !== undefined && key !== undefined && key !== "string" && key !== "bytes")
      fail(`${at}.key`, `a keyField gives a "string" or "bytes" key`);
    const subjectNameStrategy = oneOf(
      entry["subjectNameStrategy"],
      STRATEGIES,
      undefined,
      `${at}.subjectNameStrategy`,
      fail,
    ) as SubjectNameStrategyName | undefined;
    const partitioner = oneOf(entry["partitioner"], PARTITIONERS, undefined, `${at}.partitioner`, fail) as
      | PartitionerName
      | undefined;
    return {
      topic,
      value,
      ...(key === undefined ? {} : { key: key as string }),
      ...(keyField === undefined ? {} : { keyField: keyField as string }),
      ...(subjectNameStrategy === undefined ? {} : { subjectNameStrategy }),
      ...(partitioner === undefined ? {} : { partitioner }),
    };
  });
  const registry = config["registry"];
  if (registry !== undefined && (typeof registry !== "string" || registry === ""))
    fail("$.registry", "expected a registry base URL");
  const lockfile = config["lockfile"] ?? CODEGEN_DEFAULTS.lockfile;
  if (typeof lockfile !== "string" || lockfile === "") fail("$.lockfile", "expected a path");
  return {
    inputs: inputs as string[],
    protoPaths: protoPaths as string[],
    outDir: outDir as string | undefined,
    longs,
    references,
    runtimeModule: runtimeModule as string,
    topics,
    registry: registry as string | undefined,
    lockfile: lockfile as string,
  };
}

function oneOf(
  value: unknown,
  allowed: readonly string[],
  fallback: string | undefined,
  jsonPath: string,
  fail: (path: string, detail: string) => never,
): string | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !allowed.includes(value))
    fail(jsonPath, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${JSON.stringify(value)}`);
  return value as string;
}
