import { ConfigError } from "../errors/index.js";
import type { RegistryClient } from "../registry/registry-client.js";
import type { SchemaLockfile } from "../registry/index.js";
import {
  resolveSubjectNameStrategy,
  type SubjectNameFunction,
  type SubjectNameStrategy,
} from "./subject-name-strategy.js";

// Options of createSerializer / createDeserializer, whatever the schema language: defaults, validation,
// and the one schema-selection mode they amount to.

export interface SerializerOptions {
  /** The registry client (a SchemaRegistry, or anything implementing RegistryClient). Required. */
  readonly registry: RegistryClient;
  /** How the subject is named; default "topic" (`<topic>-value` / `<topic>-key`, Java's default). */
  readonly subjectNameStrategy?: SubjectNameStrategy;
  /** Serializes record keys (`<topic>-key` under the topic strategy); default false. */
  readonly isKey?: boolean;
  /**
   * Registers the schema the type was built from when preparing; default true. With false the schema
   * must already be registered under the subject and is looked up (Java's auto.register.schemas=false).
   * Ignored by useLatest and schemaId; setting it to true together with either is a ConfigError.
   */
  readonly autoRegister?: boolean;
  /** Writes with the subject's latest version instead of registering (Java's use.latest.version); default false. */
  readonly useLatest?: boolean;
  /**
   * With useLatest only: prepare fails unless the latest version can read what the local schema writes
   * (Java's latest.compatibility.strict); default false.
   */
  readonly latestCompatibilityStrict?: boolean;
  /** Writes with this schema id (Java's use.schema.id); prepare checks once that it exists and is Avro. */
  readonly schemaId?: number;
  /** Asks the registry to normalise the schema when registering or looking it up; default false. */
  readonly normalize?: boolean;
  /**
   * Writes with the schema id `schemakit register` pinned for the subject in schemakit.lock.json
   * (parseSchemaLockfile): no registry call at start-up. prepare fails with a ConfigError when the
   * subject is not in the lockfile, or the type's fingerprint differs from the locked one (the schema
   * changed since it was registered). Not together with useLatest, schemaId or autoRegister: true.
   */
  readonly lockfile?: SchemaLockfile;
}

export interface DeserializerOptions {
  /** The registry client; writer schemas are fetched by id, once each. Required. */
  readonly registry: RegistryClient;
}

export const SERIALIZER_DEFAULTS = Object.freeze({
  subjectNameStrategy: "topic",
  isKey: false,
  autoRegister: true,
  useLatest: false,
  latestCompatibilityStrict: false,
  normalize: false,
} as const satisfies Omit<SerializerOptions, "registry" | "schemaId">);

/** Which schema a serializer writes with: exactly one of Java's three modes (register splits in two). */
export type SchemaSelection =
  | { readonly kind: "register"; readonly normalize: boolean }
  | { readonly kind: "lookup"; readonly normalize: boolean }
  | { readonly kind: "latest"; readonly strict: boolean }
  | { readonly kind: "pinned"; readonly schemaId: number };

export interface ResolvedSerializerOptions {
  readonly registry: RegistryClient;
  readonly subjectName: SubjectNameFunction;
  readonly isKey: boolean;
  readonly selection: SchemaSelection;
  /** When given, ids come from it and no registry call is made (see SerializerOptions.lockfile). */
  readonly lockfile: SchemaLockfile | undefined;
}

export interface ResolvedDeserializerOptions {
  readonly registry: RegistryClient;
}

// Confluent ids are Java ints.
const MAX_SCHEMA_ID = 2 ** 31 - 1;

/**
 * Validates serializer options once; `optionPath` prefixes the option names in errors (e.g. "value."
 * when a topic binding passes its value options through).
 */
export function resolveSerializerOptions(options: SerializerOptions, optionPath = ""): ResolvedSerializerOptions {
  const name = (option: string): string => `${optionPath}${option}`;
  if (typeof options !== "object" || options === null)
    throw new ConfigError(optionPath || "options", "an options object", options);
  const isKey = flag(options.isKey, SERIALIZER_DEFAULTS.isKey, name("isKey"));
  const autoRegister = flag(options.autoRegister, SERIALIZER_DEFAULTS.autoRegister, name("autoRegister"));
  const useLatest = flag(options.useLatest, SERIALIZER_DEFAULTS.useLatest, name("useLatest"));
  const strict = flag(
    options.latestCompatibilityStrict,
    SERIALIZER_DEFAULTS.latestCompatibilityStrict,
    name("latestCompatibilityStrict"),
  );
  const normalize = flag(options.normalize, SERIALIZER_DEFAULTS.normalize, name("normalize"));
  const { schemaId } = options;
  if (schemaId !== undefined && (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > MAX_SCHEMA_ID)) {
    throw new ConfigError(name("schemaId"), `an integer from 0 to ${MAX_SCHEMA_ID}`, schemaId);
  }
  if (useLatest && schemaId !== undefined)
    throw new ConfigError(name("useLatest"), "not true together with schemaId", true);
  if (options.autoRegister === true && (useLatest || schemaId !== undefined)) {
    throw new ConfigError(name("autoRegister"), "not true together with useLatest or schemaId", true);
  }
  if (strict && !useLatest)
    throw new ConfigError(name("latestCompatibilityStrict"), "true only together with useLatest: true", true);
  const { lockfile } = options;
  if (lockfile !== undefined) {
    if (typeof lockfile !== "object" || lockfile === null || !(lockfile.subjects instanceof Map))
      throw new ConfigError(name("lockfile"), "a lockfile from parseSchemaLockfile()", lockfile);
    if (useLatest || schemaId !== undefined || options.autoRegister === true)
      throw new ConfigError(name("lockfile"), "not together with useLatest, schemaId or autoRegister: true", "both");
  }
  return {
    registry: registryOf(options.registry, name("registry")),
    subjectName: resolveSubjectNameStrategy(options.subjectNameStrategy, name("subjectNameStrategy")),
    isKey,
    selection: useLatest
      ? { kind: "latest", strict }
      : schemaId !== undefined
        ? { kind: "pinned", schemaId }
        : { kind: autoRegister ? "register" : "lookup", normalize },
    lockfile,
  };
}

export function resolveDeserializerOptions(options: DeserializerOptions, optionPath = ""): ResolvedDeserializerOptions {
  if (typeof options !== "object" || options === null)
    throw new ConfigError(optionPath || "options", "an options object", options);
  return { registry: registryOf(options.registry, `${optionPath}registry`) };
}

function flag(value: boolean | undefined, fallback: boolean, option: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new ConfigError(option, "true or false", value);
  return value;
}

// The calls serde makes; checked up front so a wrong object fails at construction, not at the first record.
function registryOf(registry: RegistryClient, option: string): RegistryClient {
  const client = registry as Partial<Record<keyof RegistryClient, unknown>> | undefined;
  const usable =
    typeof client === "object" &&
    client !== null &&
    (["register", "lookup", "getById", "getVersion"] as const).every((method) => typeof client[method] === "function");
  if (!usable) throw new ConfigError(option, "a RegistryClient (e.g. new SchemaRegistry({ url }))", registry);
  return registry;
}
