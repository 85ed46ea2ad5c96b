import type avsc from "avsc";
import type { RegistryClient, SchemaReference, StoredSchema } from "../../registry/registry-client.js";
import type { LongMode } from "../../schema/index.js";
import { compiledType } from "./avro-type-cache.js";
import type { RecordClasses } from "./parse-avro-schemas.js";

/**
 * The compiled Type of a schema the registry stores (by id, or a subject version), with the schemas of
 * its references fetched first: depth first, each subject version once, as Confluent resolves them.
 * The caller checks `schemaType` first; the error to raise depends on where the schema came from.
 * `classes`: to write values of those classes with this schema (useLatest, a pinned id); without, the Type
 * only resolves a writer's records into the reader's.
 */
export async function registryAvroType(
  registry: RegistryClient,
  stored: StoredSchema,
  longs: LongMode,
  classes?: RecordClasses,
): Promise<avsc.Type> {
  const referenced = await referencedSchemas(registry, stored.references, new Set());
  return compiledType([...referenced, stored.schema], longs, classes);
}

/** The texts of the schemas `references` name, depth first, each subject version once: dependency order. */
export async function referencedSchemas(
  registry: RegistryClient,
  references: readonly SchemaReference[],
  seen: Set<string>,
): Promise<string[]> {
  const schemas: string[] = [];
  for (const reference of references) {
    const key = `${reference.subject}\u0000${reference.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const version = await registry.getVersion(reference.subject, reference.version);
    schemas.push(...(await referencedSchemas(registry, version.references, seen)), version.schema);
  }
  return schemas;
}
