import { namedTypeBase, type NamedTypeDefinition } from "./named-type-base.js";
import type { AvroFixedType } from "./types.js";

/** Builds the descriptor of an Avro fixed type; `size` comes from the schema. */
export function defineAvroFixed(definition: NamedTypeDefinition): AvroFixedType {
  const { base, parsed } = namedTypeBase("defineAvroFixed", "fixed", definition);
  const { size } = parsed;
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0)
    throw new TypeError(`defineAvroFixed: fixed ${base.name} has no valid size`);
  return Object.freeze({ ...base, namedType: "fixed", size });
}
