import { type DescField, type DescMessage, ScalarType } from "@bufbuild/protobuf";
import { isWrapperDesc } from "@bufbuild/protobuf/wkt";
import { END_GROUP, enumZeroNumber, LENGTH_DELIMITED, START_GROUP, wireTypeOf } from "./wire-types.js";
import {
  type Cursor,
  finishDelimited,
  room,
  split64,
  splitSafe,
  startDelimited,
  writeBytes,
  writeInt32,
  writeString,
  writeVarint32,
  writeVarint64,
} from "./binary-writer.js";

// A message's encoder compiled once from its descriptor: it reads a generated class instance (or its init
// object) and writes the Protobuf binary at a cursor, byte for byte what @bufbuild/protobuf's toBinary
// writes for the message create() builds from the same value: fields in field-number order,
// implicit-presence fields only when not zero, packed repeated scalars where the descriptor packs, map
// entries with both key and value in insertion order, nested messages length-prefixed (or between group
// tags for delimited encoding), `$unknown` fields written back last.
//
// Not compiled (compileMessageEncoder answers undefined, the serializer keeps @bufbuild/protobuf for the
// message): messages with a field whose local value is not the message itself (google.protobuf.Struct
// held as JSON, singular wrapper fields unboxed to their scalar), and Struct, Value and ListValue.
// A value of an unexpected JavaScript type throws Unsupported, so @bufbuild/protobuf decides (coerces or
// refuses) exactly as it did before this encoder existed.

/** Thrown for a value the compiled encoder does not take as is; the caller falls back. */
export class Unsupported extends Error {
  constructor() {
    super("value not handled by the compiled encoder");
  }
}

const UNSUPPORTED = new Unsupported();

export type MessageEncoder = (cursor: Cursor, value: unknown) => void;

type Indexable = Record<string, unknown>;
type ValueWriter = (cursor: Cursor, value: unknown) => void;
type FieldWriter = (cursor: Cursor, message: Indexable) => void;

const IMPLICIT = 2;
const LEGACY_REQUIRED = 3;
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const UINT32_MAX = 4_294_967_295;
const FLOAT32_MAX = 3.4028234663852886e38;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const compiled = new WeakMap<DescMessage, MessageEncoder | null>();
// False once the runtime refused `new Function`: every later message is encoded by closures.
let generating = true;

/** The compiled encoder of a message, built once per descriptor; undefined when it cannot be compiled. */
export function compileMessageEncoder(desc: DescMessage): MessageEncoder | undefined {
  const known = compiled.get(desc);
  if (known !== undefined) return known ?? undefined;
  const reachable = new Set<DescMessage>();
  if (!compilable(desc, reachable)) {
    compiled.set(desc, null);
    return undefined;
  }
  if (generating && ![...reachable].some(hasProtoName)) {
    const uncompiled = [...reachable].filter((message) => !compiled.has(message));
    let linkers: (() => void)[];
    try {
      linkers = uncompiled.map(generateEncoder);
    } catch (error) {
      // Code generation from strings disabled (--disallow-code-generation-from-strings, a CSP): closures.
      if (!(error instanceof EvalError)) throw error;
      generating = false;
      for (const message of uncompiled) compiled.delete(message);
      return messageEncoder(desc);
    }
    for (const link of linkers) link();
    return compiled.get(desc) ?? undefined;
  }
  return messageEncoder(desc);
}

// Names become string literals in generated source; reading "__proto__" there would read the prototype.
function hasProtoName(desc: DescMessage): boolean {
  return desc.fields.some((field) => field.localName === "__proto__" || field.oneof?.localName === "__proto__");
}

function compilable(desc: DescMessage, seen: Set<DescMessage>): boolean {
  if (seen.has(desc)) return true;
  seen.add(desc);
  if (desc.typeName === "google.protobuf.Struct" || desc.typeName === "google.protobuf.Value") return false;
  if (desc.typeName === "google.protobuf.ListValue") return false;
  for (const field of desc.fields) {
    if (field.fieldKind === "message" || (field.fieldKind === "list" && field.listKind === "message")) {
      if (field.fieldKind === "message" && field.oneof === undefined && isWrapperDesc(field.message)) return false;
      if (!compilable(field.message, seen)) return false;
    } else if (field.fieldKind === "map" && field.mapKind === "message") {
      if (!compilable(field.message, seen)) return false;
    }
  }
  return true;
}

function messageEncoder(desc: DescMessage): MessageEncoder {
  const writers: FieldWriter[] = [];
  const encoder: MessageEncoder = (cursor, value) => {
    if (typeof value !== "object" || value === null) throw UNSUPPORTED;
    const message = value as Indexable;
    for (let i = 0; i < writers.length; i += 1) writers[i]!(cursor, message);
    const unknown = message["$unknown"];
    if (unknown !== undefined) writeUnknown(cursor, unknown);
  };
  // Registered before the fields compile, so recursive messages reach this encoder.
  compiled.set(desc, encoder);
  const sorted = [...desc.fields].sort((a, b) => a.number - b.number);
  for (const field of sorted) writers.push(fieldWriter(field));
  return encoder;
}

function writeUnknown(cursor: Cursor, unknown: unknown): void {
  if (!Array.isArray(unknown)) throw UNSUPPORTED;
  for (const field of unknown as readonly { no?: unknown; wireType?: unknown; data?: unknown }[]) {
    const { no, wireType, data } = field;
    if (typeof no !== "number" || typeof wireType !== "number" || !(data instanceof Uint8Array)) throw UNSUPPORTED;
    writeVarint32(cursor, ((no << 3) | wireType) >>> 0);
    room(cursor, data.length);
    cursor.buf.set(data, cursor.pos);
    cursor.pos += data.length;
  }
}

function fieldWriter(field: DescField): FieldWriter {
  const name = field.localName;
  switch (field.fieldKind) {
    case "scalar":
    case "enum":
    case "message": {
      const write = singularWriter(field);
      if (field.oneof !== undefined) {
        const oneofName = field.oneof.localName;
        return (cursor, message) => {
          const oneof = message[oneofName] as { case?: unknown; value?: unknown } | undefined;
          if (oneof !== undefined && oneof !== null && oneof.case === name) write(cursor, oneof.value);
        };
      }
      if (field.presence === LEGACY_REQUIRED) {
        // An unset required field: @bufbuild/protobuf throws its own error for it.
        return (cursor, message) => {
          const value = message[name];
          if (value === undefined) throw UNSUPPORTED;
          write(cursor, value);
        };
      }
      if (field.fieldKind === "message" || field.presence !== IMPLICIT) {
        return (cursor, message) => {
          const value = message[name];
          if (value !== undefined) write(cursor, value);
        };
      }
      const isZero = zeroTest(field);
      return (cursor, message) => {
        const value = message[name];
        if (value !== undefined && !isZero(value)) write(cursor, value);
      };
    }
    case "list":
      return listWriter(field, name);
    case "map":
      return mapWriter(field, name);
  }
}

// The zero value an implicit-presence field is not written for.
function zeroTest(field: DescField & { fieldKind: "scalar" | "enum" }): (value: unknown) => boolean {
  if (field.fieldKind === "enum") {
    const zero = enumZeroNumber(field.enum);
    return (value) => value === zero;
  }
  switch (field.scalar) {
    case ScalarType.BOOL:
      return (value) => value === false;
    case ScalarType.STRING:
      return (value) => value === "";
    case ScalarType.BYTES:
      return (value) => value instanceof Uint8Array && value.length === 0;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return (value) => Object.is(value, 0);
    default:
      // As @bufbuild/protobuf: 0, 0n and "0" are all zero.
      // biome-ignore lint/suspicious/noDoubleEquals: the loose comparison is the point
      return (value) => value == 0;
  }
}

function tagOf(fieldNo: number, wireType: number): number {
  return ((fieldNo << 3) | wireType) >>> 0;
}

// Writes a tag known at compile time: its varint bytes, precomputed.
function tagWriter(fieldNo: number, wireType: number): (cursor: Cursor) => void {
  const tag = tagOf(fieldNo, wireType);
  if (tag < 0x80) {
    return (cursor) => {
      room(cursor, 1);
      cursor.buf[cursor.pos++] = tag;
    };
  }
  return (cursor) => writeVarint32(cursor, tag);
}

function singularWriter(field: DescField & { fieldKind: "scalar" | "enum" | "message" }): ValueWriter {
  if (field.fieldKind === "message") {
    const write = childWriter(field.number, field.message, field.delimitedEncoding);
    return (cursor, value) => write(cursor, value);
  }
  const scalar = field.fieldKind === "enum" ? ScalarType.INT32 : field.scalar;
  const tag = tagWriter(field.number, wireTypeOf(scalar));
  const write = scalarWriter(scalar);
  return (cursor, value) => {
    tag(cursor);
    write(cursor, value);
  };
}

// A nested message with its tag: length-prefixed, or between group tags for delimited (group) encoding.
function childWriter(fieldNo: number, desc: DescMessage, delimited: boolean): ValueWriter {
  const child = lazyEncoder(desc);
  if (delimited) {
    const startTag = tagWriter(fieldNo, START_GROUP);
    const endTag = tagWriter(fieldNo, END_GROUP);
    return (cursor, value) => {
      startTag(cursor);
      child()(cursor, value);
      endTag(cursor);
    };
  }
  const tag = tagWriter(fieldNo, LENGTH_DELIMITED);
  return (cursor, value) => {
    tag(cursor);
    const start = startDelimited(cursor);
    child()(cursor, value);
    finishDelimited(cursor, start);
  };
}

// Nested encoders are looked up on first use, so mutually recursive messages compile.
function lazyEncoder(desc: DescMessage): () => MessageEncoder {
  let encoder: MessageEncoder | undefined;
  return () => {
    if (encoder === undefined) {
      encoder = compileMessageEncoder(desc);
      if (encoder === undefined) throw UNSUPPORTED;
    }
    return encoder;
  };
}

function listWriter(field: DescField & { fieldKind: "list" }, name: string): FieldWriter {
  if (field.listKind === "message") {
    const write = childWriter(field.number, field.message, field.delimitedEncoding);
    return (cursor, message) => {
      const items = message[name];
      if (items === undefined) return;
      if (!Array.isArray(items)) throw UNSUPPORTED;
      for (let i = 0; i < items.length; i += 1) write(cursor, items[i]);
    };
  }
  const scalar = field.listKind === "enum" ? ScalarType.INT32 : field.scalar;
  const write = scalarWriter(scalar);
  if (field.packed) {
    const tag = tagWriter(field.number, LENGTH_DELIMITED);
    return (cursor, message) => {
      const items = message[name];
      if (items === undefined) return;
      if (!Array.isArray(items)) throw UNSUPPORTED;
      if (items.length === 0) return;
      tag(cursor);
      const start = startDelimited(cursor);
      for (let i = 0; i < items.length; i += 1) write(cursor, items[i]);
      finishDelimited(cursor, start);
    };
  }
  const tag = tagWriter(field.number, wireTypeOf(scalar));
  return (cursor, message) => {
    const items = message[name];
    if (items === undefined) return;
    if (!Array.isArray(items)) throw UNSUPPORTED;
    for (let i = 0; i < items.length; i += 1) {
      tag(cursor);
      write(cursor, items[i]);
    }
  };
}

function mapWriter(field: DescField & { fieldKind: "map" }, name: string): FieldWriter {
  const entryTag = tagWriter(field.number, LENGTH_DELIMITED);
  const keyTag = tagWriter(1, wireTypeOf(field.mapKey));
  const writeKey = scalarWriter(field.mapKey);
  const convertKey = keyConverter(field.mapKey);
  let writeValue: ValueWriter;
  if (field.mapKind === "message") {
    const valueTag = tagWriter(2, LENGTH_DELIMITED);
    const child = lazyEncoder(field.message);
    writeValue = (cursor, value) => {
      valueTag(cursor);
      const start = startDelimited(cursor);
      // An entry without a value holds the empty message, as create() would make it.
      if (value !== undefined) child()(cursor, value);
      finishDelimited(cursor, start);
    };
  } else {
    const scalar = field.mapKind === "enum" ? ScalarType.INT32 : field.scalar;
    const valueTag = tagWriter(2, wireTypeOf(scalar));
    const write = scalarWriter(scalar);
    writeValue = (cursor, value) => {
      valueTag(cursor);
      write(cursor, value);
    };
  }
  return (cursor, message) => {
    const record = message[name];
    if (record === undefined) return;
    if (typeof record !== "object" || record === null || record instanceof Map) throw UNSUPPORTED;
    const entries = record as Indexable;
    const keys = Object.keys(entries);
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i]!;
      entryTag(cursor);
      const start = startDelimited(cursor);
      keyTag(cursor);
      writeKey(cursor, convertKey(key));
      writeValue(cursor, entries[key]);
      finishDelimited(cursor, start);
    }
  };
}

// Map keys are object keys, so strings; they are written as their scalar type (as @bufbuild/protobuf does).
function keyConverter(scalar: ScalarType): (key: string) => unknown {
  switch (scalar) {
    case ScalarType.STRING:
      return (key) => key;
    case ScalarType.BOOL:
      return (key) => {
        if (key === "true") return true;
        if (key === "false") return false;
        throw UNSUPPORTED;
      };
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return (key) => {
        if (!/^-?[0-9]+$/.test(key)) throw UNSUPPORTED;
        return BigInt(key);
      };
    default:
      return (key) => {
        if (!/^-?[0-9]+$/.test(key)) throw UNSUPPORTED;
        return Number(key);
      };
  }
}

function int32Of(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
    throw UNSUPPORTED;
  }
  return value;
}

function uint32Of(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > UINT32_MAX) throw UNSUPPORTED;
  return value;
}

function int64Of(value: unknown): bigint {
  if (typeof value !== "bigint" || value < INT64_MIN || value > INT64_MAX) throw UNSUPPORTED;
  return value;
}

function uint64Of(value: unknown): bigint {
  if (typeof value !== "bigint" || value < 0n || value > UINT64_MAX) throw UNSUPPORTED;
  return value;
}

function writeSigned64(cursor: Cursor, value: bigint): void {
  if (value >= 0n && value <= MAX_SAFE) {
    const [lo, hi] = splitSafe(Number(value));
    writeVarint64(cursor, lo, hi);
    return;
  }
  const [lo, hi] = split64(value);
  writeVarint64(cursor, lo, hi);
}

function scalarWriter(scalar: ScalarType): ValueWriter {
  switch (scalar) {
    case ScalarType.STRING:
      return (cursor, value) => {
        if (typeof value !== "string") throw UNSUPPORTED;
        writeString(cursor, value);
      };
    case ScalarType.BYTES:
      return (cursor, value) => {
        if (!(value instanceof Uint8Array)) throw UNSUPPORTED;
        writeBytes(cursor, value);
      };
    case ScalarType.BOOL:
      return (cursor, value) => {
        if (typeof value !== "boolean") throw UNSUPPORTED;
        room(cursor, 1);
        cursor.buf[cursor.pos++] = value ? 1 : 0;
      };
    case ScalarType.INT32:
      return (cursor, value) => writeInt32(cursor, int32Of(value));
    case ScalarType.UINT32:
      return (cursor, value) => writeVarint32(cursor, uint32Of(value));
    case ScalarType.SINT32:
      return (cursor, value) => {
        const n = int32Of(value);
        writeVarint32(cursor, ((n << 1) ^ (n >> 31)) >>> 0);
      };
    case ScalarType.INT64:
      return (cursor, value) => writeSigned64(cursor, int64Of(value));
    case ScalarType.UINT64:
      return (cursor, value) => writeSigned64(cursor, uint64Of(value));
    case ScalarType.SINT64:
      return (cursor, value) => {
        const n = int64Of(value);
        writeSigned64(cursor, n >= 0n ? n << 1n : (-n << 1n) - 1n);
      };
    case ScalarType.FIXED32:
      return (cursor, value) => {
        const n = uint32Of(value);
        room(cursor, 4);
        cursor.pos = cursor.buf.writeUInt32LE(n, cursor.pos);
      };
    case ScalarType.SFIXED32:
      return (cursor, value) => {
        const n = int32Of(value);
        room(cursor, 4);
        cursor.pos = cursor.buf.writeInt32LE(n, cursor.pos);
      };
    case ScalarType.FIXED64:
      return (cursor, value) => {
        const n = uint64Of(value);
        room(cursor, 8);
        cursor.pos = cursor.buf.writeBigUInt64LE(n, cursor.pos);
      };
    case ScalarType.SFIXED64:
      return (cursor, value) => {
        const n = int64Of(value);
        room(cursor, 8);
        cursor.pos = cursor.buf.writeBigInt64LE(n, cursor.pos);
      };
    case ScalarType.DOUBLE:
      return (cursor, value) => {
        if (typeof value !== "number") throw UNSUPPORTED;
        room(cursor, 8);
        cursor.pos = cursor.buf.writeDoubleLE(value, cursor.pos);
      };
    case ScalarType.FLOAT:
      return (cursor, value) => {
        // @bufbuild/protobuf refuses finite values outside float32's range; NaN and infinities pass.
        if (typeof value !== "number" || (Number.isFinite(value) && Math.abs(value) > FLOAT32_MAX)) {
          throw UNSUPPORTED;
        }
        room(cursor, 4);
        cursor.pos = cursor.buf.writeFloatLE(value, cursor.pos);
      };
  }
}

// The generated encoder: one function per message whose fields are read under constant names and written
// inline, in field-number order. Only the encoder's own descriptor reaches the source: names go in as JSON
// string literals, numbers as integers; values from the message are only ever read, never compiled. Scalar
// writers are the closures above, passed in as constants (one call site per field, so each
// stays monomorphic).
const GENERATED_HELPERS = {
  U: UNSUPPORTED,
  room,
  startDelimited,
  finishDelimited,
  writeVarint32,
  writeUnknown,
  isArray: Array.isArray,
  objectIs: Object.is,
  keysOf: Object.keys,
};
const HELPER_NAMES = Object.keys(GENERATED_HELPERS);
const HELPER_VALUES = Object.values(GENERATED_HELPERS);

interface Generated {
  readonly encode: MessageEncoder;
  readonly link: (children: MessageEncoder[]) => void;
}

/** Compiles a message's source and registers it; the answer links its nested messages once all compiled. */
function generateEncoder(desc: DescMessage): () => void {
  const children: DescMessage[] = [];
  const constants: unknown[] = [];
  const child = (message: DescMessage): string => {
    let index = children.indexOf(message);
    if (index < 0) index = children.push(message) - 1;
    return `E${index}`;
  };
  const constant = (value: unknown): string => `K${constants.push(value) - 1}`;
  const sorted = [...desc.fields].sort((a, b) => a.number - b.number);
  const body = sorted.map((field) => fieldSource(field, child, constant)).join("\n");
  const source = `
"use strict";
${constants.map((_, i) => `const K${i} = K[${i}];`).join("\n")}
${children.map((_, i) => `let E${i};`).join("\n")}
function encode(c, m) {
  if (typeof m !== "object" || m === null) throw U;
  let v;
${body}
  v = m.$unknown;
  if (v !== undefined) writeUnknown(c, v);
}
return { encode, link(kids) {
${children.map((_, i) => `E${i} = kids[${i}];`).join("\n")}
} };`;
  const factory = new Function("K", ...HELPER_NAMES, source) as (...args: unknown[]) => Generated;
  const generated = factory(constants, ...HELPER_VALUES);
  compiled.set(desc, generated.encode);
  return () => generated.link(children.map((message) => compiled.get(message) as MessageEncoder));
}

// The source writing a tag known at compile time.
function tagSource(fieldNo: number, wireType: number): string {
  const tag = tagOf(Math.trunc(fieldNo), wireType);
  return tag < 0x80 ? `room(c, 1); c.buf[c.pos++] = ${tag};` : `writeVarint32(c, ${tag});`;
}

// The source writing a nested message held in `value` (a variable name), with its tag.
function childSource(fieldNo: number, encoder: string, delimited: boolean, value: string): string {
  if (delimited) {
    return `${tagSource(fieldNo, START_GROUP)} ${encoder}(c, ${value}); ${tagSource(fieldNo, END_GROUP)}`;
  }
  return (
    `${tagSource(fieldNo, LENGTH_DELIMITED)} { const s = startDelimited(c); ${encoder}(c, ${value}); ` +
    `finishDelimited(c, s); }`
  );
}

// The source of the test an implicit-presence field's value `v` is not written for.
function zeroSource(field: DescField & { fieldKind: "scalar" | "enum" }): string {
  if (field.fieldKind === "enum") return `v === ${enumZeroNumber(field.enum)}`;
  switch (field.scalar) {
    case ScalarType.BOOL:
      return "v === false";
    case ScalarType.STRING:
      return 'v === ""';
    case ScalarType.BYTES:
      return "(v instanceof Uint8Array && v.length === 0)";
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return "objectIs(v, 0)";
    default:
      // As @bufbuild/protobuf: 0, 0n and "0" are all zero.
      return "v == 0";
  }
}

function fieldSource(
  field: DescField,
  child: (message: DescMessage) => string,
  constant: (value: unknown) => string,
): string {
  const name = JSON.stringify(field.localName);
  const fieldNo = field.number;
  switch (field.fieldKind) {
    case "scalar":
    case "enum":
    case "message": {
      let write: string;
      if (field.fieldKind === "message") {
        write = childSource(fieldNo, child(field.message), field.delimitedEncoding, "v");
      } else {
        const scalar = field.fieldKind === "enum" ? ScalarType.INT32 : field.scalar;
        write = `${tagSource(fieldNo, wireTypeOf(scalar))} ${constant(scalarWriter(scalar))}(c, v);`;
      }
      if (field.oneof !== undefined) {
        return (
          `  v = m[${JSON.stringify(field.oneof.localName)}];\n` +
          `  if (v !== undefined && v !== null && v.case === ${name}) { v = v.value; ${write} }`
        );
      }
      // An unset required field: @bufbuild/protobuf throws its own error for it.
      if (field.presence === LEGACY_REQUIRED) return `  v = m[${name}];\n  if (v === undefined) throw U;\n  ${write}`;
      if (field.fieldKind === "message" || field.presence !== IMPLICIT) {
        return `  v = m[${name}];\n  if (v !== undefined) { ${write} }`;
      }
      return `  v = m[${name}];\n  if (v !== undefined && !(${zeroSource(field)})) { ${write} }`;
    }
    case "list": {
      const open = `  v = m[${name}];\n  if (v !== undefined) {\n    if (!isArray(v)) throw U;\n`;
      if (field.listKind === "message") {
        const write = childSource(fieldNo, child(field.message), field.delimitedEncoding, "v[i]");
        return `${open}    for (let i = 0; i < v.length; i += 1) { ${write} }\n  }`;
      }
      const scalar = field.listKind === "enum" ? ScalarType.INT32 : field.scalar;
      const write = constant(scalarWriter(scalar));
      if (field.packed) {
        return (
          `${open}    if (v.length !== 0) { ${tagSource(fieldNo, LENGTH_DELIMITED)} const s = startDelimited(c); ` +
          `for (let i = 0; i < v.length; i += 1) ${write}(c, v[i]); finishDelimited(c, s); }\n  }`
        );
      }
      return (
        `${open}    for (let i = 0; i < v.length; i += 1) { ${tagSource(fieldNo, wireTypeOf(scalar))} ` +
        `${write}(c, v[i]); }\n  }`
      );
    }
    case "map":
      return mapSource(field, name, child, constant);
  }
}

// A map's entries in insertion order, each with key and value (as mapWriter writes them).
function mapSource(
  field: DescField & { fieldKind: "map" },
  name: string,
  child: (message: DescMessage) => string,
  constant: (value: unknown) => string,
): string {
  const writeKey = constant(scalarWriter(field.mapKey));
  const key = field.mapKey === ScalarType.STRING ? "k" : `${constant(keyConverter(field.mapKey))}(k)`;
  let value: string;
  if (field.mapKind === "message") {
    // An entry without a value holds the empty message, as create() would make it.
    value =
      `${tagSource(2, LENGTH_DELIMITED)} { const t = startDelimited(c); const x = v[k]; ` +
      `if (x !== undefined) ${child(field.message)}(c, x); finishDelimited(c, t); }`;
  } else {
    const scalar = field.mapKind === "enum" ? ScalarType.INT32 : field.scalar;
    value = `${tagSource(2, wireTypeOf(scalar))} ${constant(scalarWriter(scalar))}(c, v[k]);`;
  }
  return (
    `  v = m[${name}];\n  if (v !== undefined) {\n` +
    `    if (typeof v !== "object" || v === null || v instanceof Map) throw U;\n` +
    `    const keys = keysOf(v);\n    for (let i = 0; i < keys.length; i += 1) {\n      const k = keys[i];\n` +
    `      ${tagSource(field.number, LENGTH_DELIMITED)} const s = startDelimited(c);\n` +
    `      ${tagSource(1, wireTypeOf(field.mapKey))} ${writeKey}(c, ${key});\n` +
    `      ${value}\n      finishDelimited(c, s);\n    }\n  }`
  );
}
