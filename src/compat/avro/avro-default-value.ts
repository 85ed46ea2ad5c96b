import type { AvroNode } from "./avro-nodes.js";

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * Whether a JSON value is a valid field default for a type, by Apache Avro's (Java's) rule: a union's
 * default may match any branch, and a record default may leave out fields that have defaults.
 */
export function isValidAvroDefault(type: AvroNode, value: unknown, seen = new Set<unknown>()): boolean {
  switch (type.type) {
    case "NULL":
      return value === null;
    case "BOOLEAN":
      return typeof value === "boolean";
    case "INT":
      return Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX;
    case "LONG":
      return Number.isInteger(value);
    case "FLOAT":
    case "DOUBLE":
      return typeof value === "number";
    case "BYTES":
    case "STRING":
    case "ENUM":
    case "FIXED":
      return typeof value === "string";
    case "ARRAY":
      return Array.isArray(value) && value.every((item) => isValidAvroDefault(type.items, item, seen));
    case "MAP":
      return isObject(value) && Object.values(value).every((item) => isValidAvroDefault(type.values, item, seen));
    case "UNION":
      return type.branches.some((branch) => isValidAvroDefault(branch, value, seen));
    case "RECORD": {
      if (!isObject(value)) return false;
      // A record default nested in itself is as deep as the JSON; the guard only stops a malformed cycle.
      if (seen.has(value)) return false;
      seen.add(value);
      const valid = type.fields.every((field) =>
        field.name in value ? isValidAvroDefault(field.type, value[field.name], seen) : field.hasDefault,
      );
      seen.delete(value);
      return valid;
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
