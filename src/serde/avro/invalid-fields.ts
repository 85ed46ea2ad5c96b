import type avsc from "avsc";
import type { InvalidField } from "../../errors/index.js";

/** Every field of `value` that does not match `type`, found with avsc's error hook (after a failure only). */
export function invalidFields(type: avsc.Type, value: unknown): InvalidField[] {
  const found: InvalidField[] = [];
  type.isValid(value, {
    errorHook: (path: string[], actual: unknown, expected: avsc.Type) => {
      found.push({ path, expected: describeType(expected), actual: describeValue(actual) });
    },
  });
  return found;
}

function describeType(type: avsc.Type): string {
  const union = type as avsc.Type & { types?: avsc.Type[] };
  if (type.typeName.startsWith("union") && union.types) return union.types.map(describeType).join(" | ");
  // "logical:timestamp-millis" is avsc's name; the schema spells it "timestamp-millis".
  if (type.typeName.startsWith("logical:")) return type.typeName.slice("logical:".length);
  return type.name ?? type.typeName;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") {
    const name = (value as object).constructor?.name;
    return name && name !== "Object" ? name : "object";
  }
  if (typeof value === "number" && !Number.isSafeInteger(value) && Number.isInteger(value))
    return "number (unsafe integer)";
  return typeof value;
}
