// schemakit/registry: the Schema Registry client.
export { SchemaRegistry, type SchemaRegistryConstructorOptions } from "./cached-registry.js";
export { HttpRegistryClient } from "./http-registry-client.js";
export {
  REGISTRY_DEFAULTS,
  resolveRegistryOptions,
  type RegistryAuth,
  type RegistryEndpoint,
  type RegistryTlsOptions,
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
