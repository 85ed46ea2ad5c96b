import type { TypeModel } from "../model/avro-model.js";

/** A short schema-like description of a type, for "@generated from field" lines. */
export function describeType(type: TypeModel): string {
  switch (type.kind) {
    case "primitive":
      return type.logical === undefined ? type.name : `${type.name} (${type.logical.name})`;
    case "array":
      return `array<${describeType(type.items)}>`;
    case "map":
      return `map<${describeType(type.values)}>`;
    case "union":
      return `[${type.branches.map(describeType).join(", ")}]`;
    case "named":
      return type.fullName;
  }
}

/** The doc line that lists a definition's aliases, when it has any. */
export function aliasTags(aliases: readonly string[]): string[] {
  return aliases.length === 0 ? [] : [`Also read under the names: ${aliases.join(", ")}.`];
}
