import type { RegistryClient, SchemaReference } from "../../registry/registry-client.js";
import type { ProtobufFileDesc } from "../../schema/index.js";

// Imports become Schema Registry references, as Confluent's serializers make them: reference name and
// subject = the import path, registered before the importer; the types Confluent's serializers know
// without a registry (skip.known.types, on by default) are not registered.

const KNOWN_PREFIXES = ["google/protobuf/", "google/type/", "confluent/"];

/** Whether an import is one of the types Confluent's serializers do not register. */
export function isKnownType(path: string): boolean {
  return KNOWN_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/**
 * The references of a file: each import (not a known type) is registered (or, with `register` false,
 * looked up) under its import path, its own imports first; answers the references in import order.
 */
export async function resolveReferences(
  registry: RegistryClient,
  file: ProtobufFileDesc,
  register: boolean,
  normalize: boolean,
  done: Map<string, Promise<SchemaReference>> = new Map(),
): Promise<SchemaReference[]> {
  const references: SchemaReference[] = [];
  for (const imported of file.imports()) {
    if (isKnownType(imported.path)) continue;
    let reference = done.get(imported.path);
    if (reference === undefined) {
      reference = referenceTo(registry, imported, register, normalize, done);
      done.set(imported.path, reference);
    }
    references.push(await reference);
  }
  return references;
}

async function referenceTo(
  registry: RegistryClient,
  file: ProtobufFileDesc,
  register: boolean,
  normalize: boolean,
  done: Map<string, Promise<SchemaReference>>,
): Promise<SchemaReference> {
  const references = await resolveReferences(registry, file, register, normalize, done);
  const schema = { schema: file.schema, schemaType: "PROTOBUF" as const, references };
  const options = normalize ? { normalize: true } : {};
  if (register) await registry.register(file.path, schema, options);
  const found = await registry.lookup(file.path, schema, options);
  return { name: file.path, subject: file.path, version: found.version };
}
