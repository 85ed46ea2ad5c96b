import type avsc from "avsc";
import type { AnyAvroRecordDesc } from "../../../schema/index.js";
import {
  StructuralLogicalType,
  codecOf,
  constructLogicalType,
  logicalTypeInstance,
  writeValue,
  type AvroTap,
  type CheckHook,
} from "../avsc-internals.js";

/**
 * A record whose descriptor has a generated class: decoded into instances of that class (at any depth,
 * so nested and union-branch records are instances too), and encoded only from its instances. Inside a
 * union avsc tries such a branch with no check flags, so two records with the same fields are told apart
 * by class, never by shape.
 */
export class RecordClassType extends StructuralLogicalType {
  declare readonly recordType: AnyAvroRecordDesc;

  protected override _fromValue(value: unknown): unknown {
    return this.recordType.create(value as never);
  }

  protected override _toValue(value: unknown): unknown {
    return this.recordType.isInstance?.(value) === true ? value : undefined;
  }

  protected override _resolve(): undefined {
    return undefined;
  }

  // A union picking its branch checks with no flags: the class alone decides (its fields are checked as
  // they are written). isValid() (flags given) checks the fields too, for error reports.
  protected override accepts(value: unknown, flags?: number, hook?: CheckHook, path?: string[]): boolean {
    if (flags === undefined) return this.recordType.isInstance?.(value) === true;
    return super.accepts(value, flags, hook, path);
  }

  // Written as the record it is: the class check matters only for picking a union branch (above).
  protected writeTo(tap: AvroTap, value: unknown): void {
    writeValue(this.underlyingType, tap, value);
  }

  // avsc asks a union's branches for their names while a recursive record is still being parsed (its
  // underlying Type not there yet): a named type's branch name is its full name.
  static {
    codecOf(RecordClassType);
    Object.defineProperty(RecordClassType.prototype, "branchName", {
      get(this: RecordClassType): string {
        return this.recordType.name;
      },
    });
  }
}

/**
 * Parses a record schema into a RecordClassType. `register` sees the instance before the fields are
 * parsed, so a field that names the record itself gets this type too.
 */
export function recordClassType(
  schema: object,
  recordType: AnyAvroRecordDesc,
  opts: avsc.ForSchemaOptions,
  parse: (schema: object, opts: avsc.ForSchemaOptions) => avsc.Type,
  register: (type: RecordClassType) => void,
): RecordClassType {
  const instance = logicalTypeInstance(RecordClassType.prototype, "schemakit-record", {
    recordType: { value: recordType },
  });
  register(instance);
  return constructLogicalType(instance, "schemakit-record", (o) => parse(schema, o), opts);
}
