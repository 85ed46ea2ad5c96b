// schemakit/registry: the Schema Registry client.
export { SchemaRegistry, type SchemaRegistryConstructorOptions } from "./schema-registry.js";
export { HttpRegistryClient, REGISTRY_CHANNEL, type HttpRegistryClientDependencies } from "./http-registry-client.js";
export {
  REGISTRY_DEFAULTS,
  resolveRegistryCacheOptions,
  resolveRegistryOptions,
  type BearerToken,
  type RegistryAuth,
  type RegistryCacheOptions,
  type RegistryEndpoint,
  type RegistryTlsOptions,
  type ResolvedRegistryCacheOptions,
  type ResolvedRegistryOptions,
  type SchemaRegistryOptions,
} from "./registry-options.js";
export type {
  CompatibilityCheckOptions,
  CompatibilityLevel,
  CompatibilityResult,
  DeleteOptions,
  LookupOptions,
  RegisterOptions,
  RegistryClient,
  RegistryMode,
  SchemaInput,
  SchemaReference,
  SchemaType,
  StoredSchema,
  SubjectVersion,
  VersionSelector,
} from "./registry-client.js";
export {
  parseSchemaLockfile,
  SCHEMA_LOCKFILE_VERSION,
  toSchemaLockfileJson,
  type LockedSubject,
  type SchemaLockfile,
} from "./schema-lockfile.js";
