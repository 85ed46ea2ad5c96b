import { qualifyName } from "../qualified-name.js";
import type { AnyAvroNamedDesc, AvroNamedDesc, LongMode } from "./avro-descriptors.js";

/** What every define* helper takes. */
export interface NamedTypeDefinition {
  /** The schema, as an object or JSON text; named types of other files are referenced by full name. */
  readonly schema: object | string;
  /** The descriptors of those named types; a function, so that types may refer to each other. Default none. */
  readonly references?: () => readonly AnyAvroNamedDesc[];
  /** Descriptors of named types defined inside this schema (generated classes of nested records). Default none. */
  readonly nested?: () => readonly AnyAvroNamedDesc[];
  /** How `long` values are represented; default "number" (safe integers only, anything else is an error). */
  readonly longs?: LongMode;
  /** The fingerprint computed at generation time (16 hex digits), for tools; not checked at run time. */
  readonly fingerprint?: string;
}

const NONE = (): readonly AnyAvroNamedDesc[] => [];

/** The checked fields every named-type descriptor shares. */
export function namedTypeBase<K extends AvroNamedDesc["namedType"]>(
  caller: string,
  namedType: K,
  definition: NamedTypeDefinition,
): { readonly base: Omit<AvroNamedDesc, "namedType">; readonly parsed: Record<string, unknown> } {
  const parsed: unknown = typeof definition.schema === "string" ? JSON.parse(definition.schema) : definition.schema;
  if (typeof parsed !== "object" || parsed === null || (parsed as { type?: unknown }).type !== namedType) {
    throw new TypeError(`${caller}: the schema must be an Avro ${namedType}`);
  }
  const { name, namespace } = parsed as { name?: unknown; namespace?: unknown };
  if (typeof name !== "string") throw new TypeError(`${caller}: the ${namedType} has no name`);
  const longs = definition.longs ?? "number";
  if (longs !== "number" && longs !== "bigint")
    throw new TypeError(`${caller}: longs must be "number" or "bigint", got ${String(longs)}`);
  const fullName = qualifyName(name, typeof namespace === "string" ? namespace : undefined);
  const base = {
    kind: "avro" as const,
    name: fullName,
    // Compact JSON: registries that hash the text (Apicurio) give whitespace variants different ids.
    schema: JSON.stringify(parsed),
    references: definition.references ?? NONE,
    nested: definition.nested ?? NONE,
    longs,
    fingerprint: definition.fingerprint,
  };
  return { base, parsed: parsed as Record<string, unknown> };
}
