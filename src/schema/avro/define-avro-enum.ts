import { namedTypeBase, type NamedTypeDefinition } from "./avro-named-desc.js";
import type { AvroEnumDesc } from "./avro-descriptors.js";

/** Builds the descriptor of an Avro enum; `symbols` comes from the schema, frozen, in schema order. */
export function defineAvroEnum<S extends string>(definition: NamedTypeDefinition): AvroEnumDesc<S> {
  const { base, parsed } = namedTypeBase("defineAvroEnum", "enum", definition);
  const { symbols } = parsed;
  if (!Array.isArray(symbols) || !symbols.every((symbol): symbol is string => typeof symbol === "string")) {
    throw new TypeError(`defineAvroEnum: enum ${base.name} has no list of symbols`);
  }
  return Object.freeze({ ...base, namedType: "enum", symbols: Object.freeze([...symbols]) as readonly S[] });
}
