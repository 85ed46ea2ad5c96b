// The Confluent Schema Registry REST API as schemakit uses it. Deals in schema text, type and references
// only: never in avsc or protobufjs objects.

export type SchemaType = "AVRO" | "PROTOBUF" | "JSON";

/** A named type (Avro) or import (Protobuf) that lives under another subject. */
export interface SchemaReference {
  /** Avro: the referenced type's full name; Protobuf: the import path as written. */
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** A schema as sent to the registry. `schemaType` defaults to AVRO, as in Confluent. */
export interface SchemaInput {
  readonly schema: string;
  readonly schemaType?: SchemaType;
  readonly references?: readonly SchemaReference[];
}

/** A schema as the registry stores it under an id (GET /schemas/ids/{id}). */
export interface StoredSchema {
  readonly id: number;
  readonly schema: string;
  readonly schemaType: SchemaType;
  readonly references: readonly SchemaReference[];
}

/** One version of a subject (lookup, GET /subjects/{s}/versions/{v}). */
export interface SubjectVersion extends StoredSchema {
  readonly subject: string;
  readonly version: number;
}

export type CompatibilityLevel =
  | "BACKWARD"
  | "BACKWARD_TRANSITIVE"
  | "FORWARD"
  | "FORWARD_TRANSITIVE"
  | "FULL"
  | "FULL_TRANSITIVE"
  | "NONE";

export type RegistryMode = "READWRITE" | "READONLY" | "READONLY_OVERRIDE" | "IMPORT";

export interface CompatibilityResult {
  readonly isCompatible: boolean;
  /** The registry's reasons with `verbose`; empty when it gives none (Apicurio never does). */
  readonly messages: readonly string[];
}

/** "latest" and a version number mean what they mean in the REST paths. */
export type VersionSelector = number | "latest";

export interface RegisterOptions {
  /** Ask the registry to normalise the schema before registering or looking it up. */
  readonly normalize?: boolean;
}

export interface LookupOptions extends RegisterOptions {
  /** Also find soft-deleted versions. */
  readonly deleted?: boolean;
}

export interface DeleteOptions {
  /** Hard delete; the registry requires a soft delete first. */
  readonly permanent?: boolean;
}

export interface CompatibilityCheckOptions {
  /** The version to check against; "all" checks against every version. Default "latest". */
  readonly version?: VersionSelector | "all";
  /** Ask for the reasons (Confluent answers them in `messages`). Default true. */
  readonly verbose?: boolean;
}

/**
 * Every registry operation schemakit needs. Implementations: the stateless HTTP client, and the cached
 * client (`SchemaRegistry`) that wraps one. Errors are RegistryUnavailableError, RegistryRejectedError
 * or SchemaIncompatibleError (any HTTP 409).
 */
export interface RegistryClient {
  /** POST /subjects/{subject}/versions → the schema id (the same id when already registered). */
  register(subject: string, schema: SchemaInput, options?: RegisterOptions): Promise<number>;
  /** POST /subjects/{subject} → the version under which this exact schema is registered. */
  lookup(subject: string, schema: SchemaInput, options?: LookupOptions): Promise<SubjectVersion>;
  /** GET /schemas/ids/{id}. */
  getById(id: number): Promise<StoredSchema>;
  /** GET /schemas/ids/{id}/subjects. */
  getSubjectsById(id: number): Promise<readonly string[]>;
  /** GET /subjects. */
  getSubjects(): Promise<readonly string[]>;
  /** GET /subjects/{subject}/versions. */
  getVersions(subject: string): Promise<readonly number[]>;
  /** GET /subjects/{subject}/versions/{version}. */
  getVersion(subject: string, version: VersionSelector): Promise<SubjectVersion>;
  /** DELETE /subjects/{subject} → the deleted versions. */
  deleteSubject(subject: string, options?: DeleteOptions): Promise<readonly number[]>;
  /** DELETE /subjects/{subject}/versions/{version} → the deleted version. */
  deleteVersion(subject: string, version: VersionSelector, options?: DeleteOptions): Promise<number>;
  /** POST /compatibility/subjects/{subject}/versions/{version}?verbose=true. */
  checkCompatibility(
    subject: string,
    schema: SchemaInput,
    options?: CompatibilityCheckOptions,
  ): Promise<CompatibilityResult>;
  /**
   * GET /config or GET /config/{subject}. A subject with no level of its own answers undefined
   * (Confluent: 404/40408; Apicurio answers the global level instead).
   */
  getCompatibility(subject?: string): Promise<CompatibilityLevel | undefined>;
  /** PUT /config or PUT /config/{subject}. */
  setCompatibility(level: CompatibilityLevel, subject?: string): Promise<CompatibilityLevel>;
  /** GET /mode or GET /mode/{subject}. */
  getMode(subject?: string): Promise<RegistryMode>;
  /** PUT /mode or PUT /mode/{subject}. */
  setMode(mode: RegistryMode, subject?: string): Promise<RegistryMode>;
}
