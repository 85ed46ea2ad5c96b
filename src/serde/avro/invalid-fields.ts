import type avsc from "avsc";
import type { InvalidField } from "../../errors/index.js";
import { checkValue } from "./avsc-internals.js";
import { PickedUnionType } from "./types/picked-union-type.js";
import { RecordClassType } from "./types/record-class-type.js";

// Runs after a failed encode only: walks the schema beside the value and lists every field that does not
// match, with its path and the type as the schema spells it. The walk never throws: a getter that throws,
// a bigint where avsc's checks expect a number, or a generated class that could not be built from a plain
// object are reported as invalid fields like any other.

/** Every field of `value` that does not match `type`, depth first in schema order. */
export function invalidFields(type: avsc.Type, value: unknown): InvalidField[] {
  const found: InvalidField[] = [];
  collect(type, value, [], found);
  return found;
}

function collect(type: avsc.Type, value: unknown, path: string[], found: InvalidField[]): void {
  if (type instanceof RecordClassType) {
    // An instance, or the plain object its class is built from: either way the record's fields decide.
    if (isObject(value)) collect(type.underlyingType, value, path, found);
    else found.push(invalid(path, type, value));
    return;
  }
  if (type instanceof PickedUnionType) {
    collectUnion(type, type.branches, value, path, found);
    return;
  }
  switch (type.typeName) {
    case "record":
    case "error":
      collectRecord(type as avsc.types.RecordType, value, path, found);
      return;
    case "array":
      if (!Array.isArray(value)) found.push(invalid(path, type, value));
      else {
        const items = (type as avsc.types.ArrayType).itemsType;
        for (const [index, item] of (value as unknown[]).entries())
          collect(items, item, [...path, String(index)], found);
      }
      return;
    case "map":
      if (!isObject(value)) found.push(invalid(path, type, value));
      else {
        const values = (type as avsc.types.MapType).valuesType as avsc.Type;
        for (const key of Object.keys(value)) collect(values, read(value, key).value, [...path, key], found);
      }
      return;
    case "union:wrapped":
    case "union:unwrapped":
      collectUnion(type, (type as avsc.types.UnwrappedUnionType).types, value, path, found);
      return;
    default:
      if (!accepts(type, value)) found.push(invalid(path, type, value));
  }
}

function collectRecord(type: avsc.types.RecordType, value: unknown, path: string[], found: InvalidField[]): void {
  if (!isObject(value)) {
    found.push(invalid(path, type, value));
    return;
  }
  for (const field of type.fields) {
    const fieldPath = [...path, field.name];
    const got = read(value, field.name);
    if (got.threw !== undefined) found.push({ path: fieldPath, expected: describeType(field.type), actual: got.threw });
    else if (got.value !== undefined || field.defaultValue() === undefined)
      collect(field.type, got.value, fieldPath, found);
  }
}

// A value no branch takes is reported at the union, unless it is an object or array for the one branch
// (beside null) that takes objects or arrays: then that branch's own fields say what is wrong.
function collectUnion(
  union: avsc.Type,
  branches: readonly avsc.Type[],
  value: unknown,
  path: string[],
  found: InvalidField[],
): void {
  if (accepts(union, value)) return;
  const others = branches.filter((branch) => branch.typeName !== "null");
  const only = others.length === 1 && union.typeName !== "union:wrapped" ? (others[0] as avsc.Type) : undefined;
  if (only !== undefined && typeof value === "object" && value !== null && takesObjects(only))
    collect(only, value, path, found);
  else found.push(invalid(path, union, value));
}

function takesObjects(type: avsc.Type): boolean {
  if (type instanceof RecordClassType) return true;
  return ["record", "error", "array", "map"].includes(type.typeName);
}

function accepts(type: avsc.Type, value: unknown): boolean {
  try {
    return checkValue(type, value, 0);
  } catch {
    // avsc's int check does arithmetic on the value (a bigint throws there): such a value is invalid.
    return false;
  }
}

function read(object: object, key: string): { value: unknown; threw: string | undefined } {
  try {
    return { value: (object as Record<string, unknown>)[key], threw: undefined };
  } catch (error) {
    return { value: undefined, threw: `a getter that throws ${error instanceof Error ? error.name : typeof error}` };
  }
}

function invalid(path: string[], type: avsc.Type, value: unknown): InvalidField {
  return { path, expected: describeType(type), actual: describeValue(value) };
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The type as the schema spells it: a full name, a primitive, a logical type's name, or a union's branches. */
function describeType(type: avsc.Type): string {
  if (type instanceof RecordClassType) return type.recordType.name;
  if (type instanceof PickedUnionType) return type.branches.map(describeType).join(" | ");
  const name = type.typeName;
  if (name.startsWith("union:")) return (type as avsc.types.UnwrappedUnionType).types.map(describeType).join(" | ");
  // "logical:timestamp-millis" is avsc's name; the schema spells it "timestamp-millis".
  if (name.startsWith("logical:")) return name.slice("logical:".length);
  // bigint longs are avsc's "abstract:long".
  if (name.startsWith("abstract:")) return name.slice("abstract:".length);
  return type.name ?? name;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") {
    try {
      const name: unknown = (value as object).constructor?.name;
      return typeof name === "string" && name !== "" && name !== "Object" ? name : "object";
    } catch {
      return "object";
    }
  }
  if (typeof value === "number" && !Number.isSafeInteger(value) && Number.isInteger(value))
    return "number (unsafe integer)";
  return typeof value;
}
