import type { AvroRecordDesc } from "../../schema/index.js";

/** A generated record class: constructible from its Init, carrying its descriptor. */
export interface RecordClass<T> {
  new (init: never): T;
  readonly schema: AvroRecordDesc<T, never>;
}

interface FieldShape {
  readonly names: ReadonlySet<string>;
  readonly required: readonly string[];
}

const shapes = new WeakMap<AvroRecordDesc<unknown, never>, FieldShape>();

/**
 * The value of a union field whose branches include several records, as a record instance: an instance of
 * one of `classes` stays as it is; a plain object becomes an instance of the first class, in schema order,
 * whose fields it has (every field without a default present, no key that is not a field). Any other value
 * (null, a string, an array, an object no class fits) is returned as it is: another branch takes it, or the
 * serializer reports the field. Deterministic: the same object always picks the same branch.
 */
export function pickRecord(value: unknown, classes: readonly RecordClass<unknown>[]): unknown {
  for (const recordClass of classes) if (value instanceof recordClass) return value;
  if (!isPlainObject(value)) return value;
  for (const recordClass of classes) {
    if (fits(value, shapeOf(recordClass.schema))) return new recordClass(value as never);
  }
  return value;
}

/** A new object with `convert` applied to each value of a map field (Avro maps are plain objects). */
export function mapValues<A, B>(map: Readonly<Record<string, A>>, convert: (value: A) => B): Record<string, B> {
  const converted: Record<string, B> = {};
  for (const key of Object.keys(map)) converted[key] = convert(map[key] as A);
  return converted;
}

/** An object literal (or an object without a prototype): what a plain Init value is. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function fits(value: Record<string, unknown>, shape: FieldShape): boolean {
  for (const key of Object.keys(value)) if (!shape.names.has(key)) return false;
  return shape.required.every((name) => value[name] !== undefined);
}

function shapeOf(type: AvroRecordDesc<unknown, never>): FieldShape {
  let shape = shapes.get(type);
  if (shape === undefined) {
    const { fields } = JSON.parse(type.schema) as { fields: readonly { name: string; default?: unknown }[] };
    shape = {
      names: new Set(fields.map((field) => field.name)),
      required: fields.filter((field) => !("default" in field)).map((field) => field.name),
    };
    shapes.set(type, shape);
  }
  return shape;
}
