import { namedTypeBase, type NamedTypeDefinition } from "./avro-named-desc.js";
import type { AvroFixedDesc } from "./avro-descriptors.js";

/** Builds the descriptor of an Avro fixed type; `size` comes from the schema. */
export function defineAvroFixed(definition: NamedTypeDefinition): AvroFixedDesc {
  const { base, parsed } = namedTypeBase("defineAvroFixed", "fixed", definition);
  const { size } = parsed;
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0)
    throw new TypeError(`defineAvroFixed: fixed ${base.name} has no valid size`);
  return Object.freeze({ ...base, namedType: "fixed", size });
}
