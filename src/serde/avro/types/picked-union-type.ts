import avsc from "avsc";
import {
  StructuralLogicalType,
  checkValue,
  codecOf,
  constructLogicalType,
  logicalTypeInstance,
  readValue,
  wrapBranchValue,
  wrappedUnionType,
  writeValue,
  type AvroReadTap,
  type AvroTap,
  type CheckHook,
} from "../avsc-internals.js";
import { RecordClassType } from "./record-class-type.js";

/**
 * A union whose values avsc cannot tell apart by JavaScript type (a string and an enum, an int and a long,
 * a map and a record, two plain records): values stay unwrapped, and the branch is the **first one in
 * schema order** that accepts the value (a record with a generated class accepts only its instances).
 * avsc would instead demand `{ "<branch name>": value }` wrappers, or throw "ambiguous conversion".
 * Decoding returns the branch's value as it is.
 */
export class PickedUnionType extends StructuralLogicalType {
  declare readonly branches: readonly avsc.Type[];

  /** Index of the branch that writes `value`, or -1. */
  branchIndex(value: unknown): number {
    const { branches } = this;
    for (let i = 0; i < branches.length; i += 1) if (checkValue(branches[i] as avsc.Type, value)) return i;
    return -1;
  }

  protected readFrom(tap: AvroReadTap): unknown {
    const index = tap.readLong();
    const branch = this.branches[index];
    if (branch === undefined) throw new Error(`invalid union index: ${index}`);
    return readValue(branch, tap);
  }

  protected writeTo(tap: AvroTap, value: unknown): void {
    const index = this.branchIndex(value);
    if (index < 0) throw invalidUnionValue(value);
    tap.writeLong(index);
    writeValue(this.branches[index] as avsc.Type, tap, value);
  }

  protected override accepts(value: unknown, flags?: number, hook?: CheckHook, path?: string[]): boolean {
    const index = this.branchIndex(value);
    if (index >= 0)
      return hook === undefined ? true : checkValue(this.branches[index] as avsc.Type, value, flags, hook, path);
    hook?.(value, this);
    return false;
  }

  // The underlying wrapped union reads `{ name: value }` objects (used when resolving a writer's schema).
  protected override _fromValue(wrapped: unknown): unknown {
    return wrapped === null ? null : (wrapped as { unwrap(): unknown }).unwrap();
  }

  protected override _toValue(value: unknown): unknown {
    const index = this.branchIndex(value);
    if (index < 0) return undefined;
    return wrapBranchValue(this.branches[index] as avsc.Type, value);
  }

  protected override _resolve(): undefined {
    return undefined;
  }

  static {
    codecOf(PickedUnionType);
  }
}

/** A PickedUnionType over already parsed branch Types. */
export function pickedUnionType(branches: readonly avsc.Type[], opts: avsc.ForSchemaOptions): PickedUnionType {
  const instance = logicalTypeInstance(PickedUnionType.prototype, "schemakit-union", {
    branches: { value: Object.freeze([...branches]) },
  });
  return constructLogicalType(instance, "schemakit-union", (o) => wrappedUnionType(branches, o), opts);
}

/**
 * Whether avsc's own unwrapped union can pick every branch of `branches` unambiguously: avsc sorts values
 * into buckets by JavaScript type and tries logical branches (Dates, decimals, class records) one by one,
 * throwing when two match. Any overlap sends the union to PickedUnionType instead.
 */
export function unwrappedUnionIsSafe(branches: readonly avsc.Type[]): boolean {
  const staticBuckets = new Set<string>();
  const dynamicBuckets = new Set<string>();
  for (const branch of branches) {
    if (branch instanceof RecordClassType) {
      // Class records never match each other's instances; any other object branch overlaps them.
      if (staticBuckets.has("object")) return false;
      dynamicBuckets.add("object");
      continue;
    }
    const bucket = valueBucket(branch);
    const dynamic = avsc.Type.isType(branch, "logical", "abstract");
    if (staticBuckets.has(bucket) || dynamicBuckets.has(bucket)) return false;
    (dynamic ? dynamicBuckets : staticBuckets).add(bucket);
  }
  return true;
}

// The JavaScript type of the values a branch takes (schemakit's mapping of logical types included).
function valueBucket(type: avsc.Type): string {
  const name = type.typeName;
  if (name.startsWith("logical:")) {
    const logical = name.slice("logical:".length);
    if (logical === "timestamp-millis") return "date";
    if (logical === "decimal" || logical === "uuid") return "string";
    return valueBucket((type as avsc.types.LogicalType).underlyingType);
  }
  switch (name) {
    case "int":
    case "float":
    case "double":
      return "number";
    case "long":
    case "abstract:long":
      return type.isValid(0n) ? "bigint" : "number";
    case "bytes":
    case "fixed":
      return "buffer";
    case "enum":
      return "string";
    case "map":
    case "record":
    case "error":
      return "object";
    default:
      return name;
  }
}

/** What writing a value no branch takes throws (the compiled writer throws the same). */
export function invalidUnionValue(value: unknown): Error {
  return new Error(`invalid union value: ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return typeof value;
}
