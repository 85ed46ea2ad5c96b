import type avsc from "avsc";
import {
  arrayTypeWith,
  mapTypeWith,
  readValue,
  skipValue,
  type AvroReadTap,
  type CollectionCodec,
  type ReadFunction,
} from "../avsc-internals.js";
import { BoundedTap } from "../bounded-tap.js";

// avsc's arrays and maps trust their block counts (an array preallocates as many slots as the first block
// says, a map loops as often): schemakit's read every block count through BoundedTap.readBlockCount, which
// bounds it by the bytes left. Writing and checking values stay avsc's own.

/** avsc's array type for `schema`, with bounded reading. */
export function boundedArrayType(schema: object, opts: avsc.ForSchemaOptions): avsc.Type {
  return arrayTypeWith(schema, opts, (type) => collectionCodec(type.itemsType, "array", readArray, skipArray));
}

/** avsc's map type for `schema`, with bounded reading (a key named `__proto__` stays an own property). */
export function boundedMapType(schema: object, opts: avsc.ForSchemaOptions): avsc.Type {
  return mapTypeWith(schema, opts, (type) => collectionCodec(type.valuesType as avsc.Type, "map", readMap, skipMap));
}

// A Type, or a resolver reading a writer's items as the reader's: both read with readValue.
type Items = avsc.Type | avsc.Resolver;
type Reader<T> = (tap: BoundedTap, items: Items, minItemBytes: number) => T;
type Skipper = (tap: BoundedTap, item: avsc.Type, minItemBytes: number) => void;

function collectionCodec(
  item: avsc.Type,
  kind: "array" | "map",
  read: Reader<unknown>,
  skip: Skipper,
): CollectionCodec {
  // Item Types of a recursive record are unfinished while it is parsed: sizes are computed on first use.
  let minItemBytes = -1;
  const minimum = (): number => {
    if (minItemBytes < 0) minItemBytes = minimumItemBytes(item, kind);
    return minItemBytes;
  };
  return {
    read: (tap: AvroReadTap) =>
      tap instanceof BoundedTap
        ? read(tap, item, minimum())
        : withBoundedTap(tap, (bounded) => read(bounded, item, minimum())),
    skip: (tap: AvroReadTap) =>
      tap instanceof BoundedTap
        ? skip(tap, item, minimum())
        : withBoundedTap(tap, (bounded) => skip(bounded, item, minimum())),
    readerFor(writer: avsc.Type, opts: unknown): ReadFunction | undefined {
      if (writer.typeName !== kind) return undefined;
      // The bytes are the writer's: its item type says how few each item can take.
      const writerItem = (
        kind === "array" ? (writer as avsc.types.ArrayType).itemsType : (writer as avsc.types.MapType).valuesType
      ) as avsc.Type;
      const readResolved = item.createResolver(writerItem, opts as never);
      let writerMinimum = -1;
      return (tap) => {
        if (writerMinimum < 0) writerMinimum = minimumItemBytes(writerItem, kind);
        return tap instanceof BoundedTap
          ? read(tap, readResolved, writerMinimum)
          : withBoundedTap(tap, (bounded) => read(bounded, readResolved, writerMinimum));
      };
    },
  };
}

// schemakit decodes through BoundedTap; a caller of avsc's own decode or fromBuffer on these types hands in
// avsc's tap, whose position the collection then reads (bounded) and moves past.
function withBoundedTap<T>(tap: AvroReadTap, use: (bounded: BoundedTap) => T): T {
  const bounded = new BoundedTap(tap.buf, tap.pos);
  const result = use(bounded);
  tap.pos = bounded.pos;
  return result;
}

function readArray(tap: BoundedTap, itemsOf: Items, minItemBytes: number): unknown[] {
  let items: unknown[] | undefined;
  let i = 0;
  let count = tap.readBlockCount(minItemBytes);
  while (count !== 0) {
    // Sized on the first block, as avsc does (measurably faster than growing); the count is bounded above.
    items ??= new Array<unknown>(count);
    for (let left = count; left > 0; left -= 1) items[i++] = readValue(itemsOf, tap);
    count = tap.readBlockCount(minItemBytes);
  }
  return items ?? [];
}

function readMap(tap: BoundedTap, values: Items, minEntryBytes: number): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  let count = tap.readBlockCount(minEntryBytes);
  while (count !== 0) {
    for (let left = count; left > 0; left -= 1) {
      const key = tap.readString();
      const value = readValue(values, tap);
      // Assigning `__proto__` would replace the map's prototype instead of adding an entry.
      if (key === "__proto__")
        Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
      else map[key] = value;
    }
    count = tap.readBlockCount(minEntryBytes);
  }
  return map;
}

function skipArray(tap: BoundedTap, item: avsc.Type, minItemBytes: number): void {
  let count = tap.readBlockCount(minItemBytes, true);
  while (count !== 0) {
    for (let left = count; left > 0; left -= 1) skipValue(item, tap);
    count = tap.readBlockCount(minItemBytes, true);
  }
}

function skipMap(tap: BoundedTap, value: avsc.Type, minEntryBytes: number): void {
  let count = tap.readBlockCount(minEntryBytes, true);
  while (count !== 0) {
    for (let left = count; left > 0; left -= 1) {
      tap.skipString();
      skipValue(value, tap);
    }
    count = tap.readBlockCount(minEntryBytes, true);
  }
}

/** The fewest bytes an item takes: a map entry adds at least one for its key's length. */
function minimumItemBytes(item: avsc.Type, kind: "array" | "map"): number {
  return (kind === "map" ? 1 : 0) + minimumBytes(item, new Set());
}

/**
 * The fewest bytes a value of `type` takes in Avro binary. A record met again while it is being measured
 * counts 0 (a lower bound is what the check needs).
 */
export function minimumBytes(type: avsc.Type | undefined, visiting: Set<avsc.Type>): number {
  if (type === undefined) return 0;
  const name = type.typeName;
  if (name === "null") return 0;
  if (name === "float") return 4;
  if (name === "double") return 8;
  if (name === "fixed") return (type as avsc.types.FixedType).size;
  if (name.startsWith("logical:")) return minimumBytes((type as avsc.types.LogicalType).underlyingType, visiting);
  if (name === "record" || name === "error") {
    if (visiting.has(type)) return 0;
    visiting.add(type);
    const fields = (type as avsc.types.RecordType).fields ?? [];
    let total = 0;
    for (const field of fields) total += minimumBytes(field.type, visiting);
    visiting.delete(type);
    return total;
  }
  // boolean, int, long, string, bytes, enum, array, map, union: at least one byte.
  return 1;
}
