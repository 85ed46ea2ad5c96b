import { format } from "node:util";
import avsc from "avsc";
import { LOGICAL_TYPE_WRITE, checkValue, toUnderlyingValue, writeFunctionOf } from "./avsc-internals.js";
import { ExactNumberLongType } from "./types/exact-long-type.js";
import { PickedUnionType, invalidUnionValue } from "./types/picked-union-type.js";
import { RecordClassType } from "./types/record-class-type.js";

// A writer Type's encoder compiled once into one JavaScript function per record: it writes a value at an
// offset of a Buffer and answers what avsc's `Type#encode` answers, the end offset, or minus the bytes the
// target lacks (then nothing is written past its end). The bytes are avsc's, byte for byte: the same
// zig-zag varints, IEEE floats, array and map blocks (one block, then 0), field defaults for undefined
// fields, and the same union branch for every value (avsc's buckets by JavaScript type for an unwrapped
// union, the first accepting branch for schemakit's picked union). Invalid values throw the same errors
// avsc throws, so the serializer's report stays the same.
//
// avsc's per-value cost is its write cursor (a method call per primitive, byteLength then a copy per string,
// Buffer#copy per bytes value) and a write call per field; here primitives are written inline.
//
// Only codecs whose behaviour is known are compiled, recognised by the exact write function avsc would run: any
// other Type anywhere in the schema (bigint longs, wrapped unions, a logical type with its own write function)
// leaves the whole schema to avsc (compiledAvroWriter answers undefined).
//
// One deliberate difference: avsc writes a string of at most 64 bytes with its own loop, which encodes an
// unpaired UTF-16 surrogate as the surrogate itself (invalid UTF-8, and not what it writes for a longer
// string); this writer writes U+FFFD for it, as Buffer.from(text) and avsc's longer strings do.

/** Writes `value` at `offset` of `target`: the end offset, or minus the bytes `target` lacks. */
export type AvroEncode = (value: unknown, target: Buffer, offset: number) => number;

/** Thrown while compiling for a Type this writer does not compile. */
class NotCompiled extends Error {}

// Node's fast UTF-8 writer behind Buffer#write, without its argument checks (avsc uses it too).
interface Utf8Writable {
  utf8Write(text: string, offset: number, length: number): number;
}

const cache = new WeakMap<avsc.Type, AvroEncode | null>();

/** The compiled encoder of `type` (cached per Type), or undefined when avsc must encode it. */
export function compiledAvroWriter(type: avsc.Type): AvroEncode | undefined {
  let encode = cache.get(type);
  if (encode === undefined) {
    encode = compile(type);
    cache.set(type, encode);
  }
  return encode ?? undefined;
}

function compile(type: avsc.Type): AvroEncode | null {
  let writer: (target: Buffer, offset: number, value: unknown) => number;
  try {
    writer = new Compiler().compile(type);
  } catch (error) {
    if (error instanceof NotCompiled) return null;
    throw error;
  }
  return (value, target, offset) => {
    const end = writer(target, offset, value);
    return end > target.length ? target.length - end : end;
  };
}

// avsc's error for an invalid value, word for word.
function invalid(type: avsc.Type, value: unknown): never {
  throw new Error(format("invalid %j: %j", type.schema(), value));
}

const TWO_POW_30 = 2 ** 30;
// avsc's LongType (the long under a logical type) takes integers up to this magnitude and zig-zags them in
// floating point, rounding beyond 2^52 (the exact long type does not): the same arithmetic gives its bytes.
const AVSC_MAX_LONG = 9007199254740990;
const AVSC_LONG_ACCEPTS = (v: string): string =>
  `typeof ${v} === "number" && ${v} % 1 === 0 && ${v} >= -${AVSC_MAX_LONG} && ${v} <= ${AVSC_MAX_LONG}`;
const TWO_POW_52 = 2 ** 52;

/** A varint of a non-negative integer below 2^53 (a zig-zag value) at `p`; the position after it. */
function writeUnsigned(target: Buffer, p: number, value: number): number {
  if (value < 128) {
    target[p] = value;
    return p + 1;
  }
  let pos = p;
  let rest = value;
  while (rest >= 128) {
    target[pos++] = (rest % 128) | 128;
    rest = Math.floor(rest / 128);
  }
  target[pos++] = rest;
  return pos;
}

/** A long (a safe integer) as a zig-zag varint, exact beyond 2^52 too (where doubles cannot zig-zag). */
function writeLong(target: Buffer, p: number, value: number): number {
  if (value >= -TWO_POW_52 && value <= TWO_POW_52)
    return writeUnsigned(target, p, value >= 0 ? value * 2 : -value * 2 - 1);
  const n = BigInt(value);
  let rest = n >= 0n ? n << 1n : (-n << 1n) - 1n;
  let pos = p;
  while (rest >= 0x80n) {
    target[pos++] = Number(rest & 0x7fn) | 0x80;
    rest >>= 7n;
  }
  target[pos++] = Number(rest);
  return pos;
}

// An ASCII string short enough for a one-byte length is copied char by char (cheaper than a call into C++
// for the short strings records are made of); anything else goes through Node's UTF-8 writer.
const SHORT_STRING = 64;

function writeString(target: Buffer, p: number, text: string): number {
  const chars = text.length;
  if (chars < SHORT_STRING && p + 1 + chars <= target.length) {
    const start = p + 1;
    let i = 0;
    for (; i < chars; i += 1) {
      const code = text.charCodeAt(i);
      if (code > 127) break;
      target[start + i] = code;
    }
    if (i === chars) {
      target[p] = chars << 1;
      return start + chars;
    }
  }
  const length = Buffer.byteLength(text);
  const at = writeUnsigned(target, p, length * 2);
  if (at + length <= target.length) (target as Buffer & Utf8Writable).utf8Write(text, at, length);
  return at + length;
}

// Below this many bytes a loop copies faster than a call into the engine's bulk copy.
const SHORT_BYTES = 32;

function writeBytes(target: Buffer, p: number, bytes: Buffer): number {
  const length = bytes.length;
  const at = writeUnsigned(target, p, length * 2);
  if (at + length <= target.length) {
    if (length < SHORT_BYTES) for (let i = 0; i < length; i += 1) target[at + i] = bytes[i] as number;
    else target.set(bytes, at);
  }
  return at + length;
}

function ambiguous(): never {
  throw new Error("ambiguous conversion");
}

function throwUnionValue(value: unknown): never {
  throw invalidUnionValue(value);
}

const WRITE = {
  int: writeFunctionOf(avsc.types.IntType.prototype),
  long: writeFunctionOf(ExactNumberLongType.prototype),
  avscLong: writeFunctionOf(avsc.types.LongType.prototype),
  float: writeFunctionOf(avsc.types.FloatType.prototype),
  double: writeFunctionOf(avsc.types.DoubleType.prototype),
  null: writeFunctionOf(avsc.types.NullType.prototype),
  boolean: writeFunctionOf(avsc.types.BooleanType.prototype),
  string: writeFunctionOf(avsc.types.StringType.prototype),
  bytes: writeFunctionOf(avsc.types.BytesType.prototype),
  fixed: writeFunctionOf(avsc.types.FixedType.prototype),
  enum: writeFunctionOf(avsc.types.EnumType.prototype),
  array: writeFunctionOf(avsc.types.ArrayType.prototype),
  map: writeFunctionOf(avsc.types.MapType.prototype),
  union: writeFunctionOf(avsc.types.UnwrappedUnionType.prototype),
  picked: writeFunctionOf(PickedUnionType.prototype),
  classRecord: writeFunctionOf(RecordClassType.prototype),
} as const;

type Kind = keyof typeof WRITE | "record" | "logical";

// Which of the codecs above `type` runs: its typeName and its write function must both say so.
function kindOf(type: avsc.Type): Kind {
  const write = writeFunctionOf(type);
  if (type instanceof avsc.types.RecordType) return "record";
  if (type instanceof PickedUnionType && write === WRITE.picked) return "picked";
  if (type instanceof RecordClassType && write === WRITE.classRecord) return "classRecord";
  if (type instanceof avsc.types.LogicalType && write === LOGICAL_TYPE_WRITE) return "logical";
  const name = type.typeName;
  const kind = name === "union:unwrapped" ? "union" : name === "long" && write === WRITE.avscLong ? "avscLong" : name;
  if (kind in WRITE && WRITE[kind as keyof typeof WRITE] === write) return kind as Kind;
  throw new NotCompiled(name);
}

// The bucket avsc's unwrapped union sorts a branch's values into (getTypeBucket), and the test that a
// value is in it (getValueBucket).
const BUCKET_TESTS: Readonly<Record<string, (v: string) => string>> = {
  null: (v) => `${v} === null`,
  boolean: (v) => `typeof ${v} === "boolean"`,
  number: (v) => `typeof ${v} === "number"`,
  string: (v) => `typeof ${v} === "string"`,
  buffer: (v) => `Buffer.isBuffer(${v})`,
  array: (v) => `Array.isArray(${v})`,
  object: (v) => `(${v} !== null && typeof ${v} === "object" && !Array.isArray(${v}) && !Buffer.isBuffer(${v}))`,
};

function typeBucket(type: avsc.Type): string {
  switch (type.typeName) {
    case "double":
    case "float":
    case "int":
    case "long":
      return "number";
    case "bytes":
    case "fixed":
      return "buffer";
    case "enum":
      return "string";
    case "map":
    case "error":
    case "record":
      return "object";
    default:
      return type.typeName;
  }
}

// The varint of a union branch index (zig-zag: twice the index), as constant byte stores.
function indexBytes(index: number): string {
  const bytes: number[] = [];
  let rest = index * 2;
  while (rest >= 128) {
    bytes.push((rest % 128) | 128);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes.map((byte) => `b[p++] = ${byte};`).join(" ");
}

/**
 * Generates the source of one function per record (and one for the root), each `(b, p, v) => p`: writes
 * v at p of b and answers the position after it, which passes b's end when b is too small (stores past the
 * end of a Buffer are dropped, as avsc's are).
 */
class Compiler {
  readonly #constants: unknown[] = [];
  readonly #functions: string[] = [];
  readonly #recordFunctions = new Map<avsc.Type, string>();
  #names = 0;

  compile(root: avsc.Type): (target: Buffer, offset: number, value: unknown) => number {
    const name = this.#fresh("w");
    this.#functions.push(`function ${name}(b, p, v) {\n${this.#write(root, "v")}\nreturn p;\n}`);
    const names = this.#constants.map((_, i) => `k${i}`);
    const helpers = {
      f64,
      f64b,
      f32,
      f32b,
      writeLong,
      writeString,
      writeBytes,
      writeUnsigned,
      invalid,
      ambiguous,
      throwUnionValue,
    };
    const helperNames = Object.keys(helpers);
    const source = `"use strict";\n${this.#functions.join("\n")}\nreturn ${name};`;
    const make = new Function(...helperNames, ...names, source) as (...args: unknown[]) => unknown;
    return make(...Object.values(helpers), ...this.#constants) as (b: Buffer, p: number, v: unknown) => number;
  }

  #fresh(prefix: string): string {
    this.#names += 1;
    return `${prefix}${this.#names}`;
  }

  #constant(value: unknown): string {
    this.#constants.push(value);
    return `k${this.#constants.length - 1}`;
  }

  /** Statements writing the value held by the identifier `v` of `type`, advancing `p`. */
  #write(type: avsc.Type, v: string): string {
    const kind = kindOf(type);
    const t = (): string => this.#constant(type);
    switch (kind) {
      case "null":
        return `if (${v} !== null) invalid(${t()}, ${v});`;
      case "boolean":
        return `if (typeof ${v} !== "boolean") invalid(${t()}, ${v});\nb[p++] = ${v} ? 1 : 0;`;
      case "int":
        return `if (${v} !== (${v} | 0)) invalid(${t()}, ${v});\n${intVarint(v)}`;
      case "long":
        return (
          `if (!Number.isSafeInteger(${v})) invalid(${t()}, ${v});\n` +
          `if (${v} >= -${TWO_POW_30} && ${v} < ${TWO_POW_30}) ${intVarint(v)} else p = writeLong(b, p, ${v});`
        );
      case "avscLong":
        return (
          `if (!(${AVSC_LONG_ACCEPTS(v)})) invalid(${t()}, ${v});\n` +
          `if (${v} >= -${TWO_POW_30} && ${v} < ${TWO_POW_30}) ${intVarint(v)} ` +
          `else p = writeUnsigned(b, p, ${v} >= 0 ? ${v} * 2 : -${v} * 2 - 1);`
        );
      case "float":
        return (
          `if (typeof ${v} !== "number") invalid(${t()}, ${v});\n` +
          `if (p + 4 <= b.length) ${storeIeee(v, 4)}\n` +
          "p += 4;"
        );
      case "double":
        return (
          `if (typeof ${v} !== "number") invalid(${t()}, ${v});\n` +
          `if (p + 8 <= b.length) ${storeIeee(v, 8)}\n` +
          "p += 8;"
        );
      case "string":
        return `if (typeof ${v} !== "string") invalid(${t()}, ${v});\np = writeString(b, p, ${v});`;
      case "bytes":
        return `if (!Buffer.isBuffer(${v})) invalid(${t()}, ${v});\np = writeBytes(b, p, ${v});`;
      case "fixed": {
        const size = (type as avsc.types.FixedType).size;
        return (
          `if (!Buffer.isBuffer(${v}) || ${v}.length !== ${size}) invalid(${t()}, ${v});\n` +
          `if (p + ${size} <= b.length) b.set(${v}, p);\np += ${size};`
        );
      }
      case "enum": {
        const indices: Record<string, number> = Object.create(null) as Record<string, number>;
        (type as avsc.types.EnumType).symbols.forEach((symbol, i) => {
          indices[symbol] = i;
        });
        const index = this.#fresh("e");
        return (
          `const ${index} = typeof ${v} === "string" ? ${this.#constant(indices)}[${v}] : undefined;\n` +
          `if (${index} === undefined) invalid(${t()}, ${v});\n${intVarint(index)}`
        );
      }
      case "array":
        return this.#array(type as avsc.types.ArrayType, v, t());
      case "map":
        return this.#map(type as avsc.types.MapType, v, t());
      case "record":
        return `p = ${this.#record(type as avsc.types.RecordType)}(b, p, ${v});`;
      case "classRecord":
        return this.#write((type as RecordClassType).underlyingType, v);
      case "logical": {
        const underlying = this.#fresh("u");
        const convert = this.#constant(toUnderlyingValue(type as avsc.types.LogicalType));
        const inner = this.#write((type as avsc.types.LogicalType).underlyingType, underlying);
        return `const ${underlying} = ${convert}(${v});\n${inner}`;
      }
      case "union":
        return this.#union(type as avsc.types.UnwrappedUnionType, v, t());
      case "picked":
        return this.#picked(type as PickedUnionType, v);
    }
  }

  #array(type: avsc.types.ArrayType, v: string, t: string): string {
    const [n, i, item] = [this.#fresh("n"), this.#fresh("i"), this.#fresh("x")];
    return (
      `if (!Array.isArray(${v})) invalid(${t}, ${v});\n` +
      `const ${n} = ${v}.length;\n` +
      `if (${n} > 0) {\np = writeUnsigned(b, p, ${n} * 2);\n` +
      `for (let ${i} = 0; ${i} < ${n}; ${i}++) {\nconst ${item} = ${v}[${i}];\n` +
      `${this.#write(type.itemsType, item)}\n}\n}\n` +
      "b[p++] = 0;"
    );
  }

  #map(type: avsc.types.MapType, v: string, t: string): string {
    const [keys, n, i, key, item] = [
      this.#fresh("ks"),
      this.#fresh("n"),
      this.#fresh("i"),
      this.#fresh("k"),
      this.#fresh("x"),
    ];
    return (
      `if (!${v} || typeof ${v} !== "object" || Array.isArray(${v})) invalid(${t}, ${v});\n` +
      `const ${keys} = Object.keys(${v});\nconst ${n} = ${keys}.length;\n` +
      `if (${n} > 0) {\np = writeUnsigned(b, p, ${n} * 2);\n` +
      `for (let ${i} = 0; ${i} < ${n}; ${i}++) {\nconst ${key} = ${keys}[${i}];\np = writeString(b, p, ${key});\n` +
      `const ${item} = ${v}[${key}];\n${this.#write(type.valuesType as avsc.Type, item)}\n}\n}\n` +
      "b[p++] = 0;"
    );
  }

  // One function per record Type, generated once (a recursive record calls its own).
  #record(type: avsc.types.RecordType): string {
    const known = this.#recordFunctions.get(type);
    if (known !== undefined) return known;
    const name = this.#fresh("r");
    this.#recordFunctions.set(type, name);
    const statements: string[] = [];
    for (const field of type.fields) {
      const value = this.#fresh("f");
      statements.push(`const ${value} = v[${JSON.stringify(field.name)}];`);
      const fallback: unknown = field.defaultValue();
      if (fallback === undefined) {
        statements.push(this.#write(field.type, value));
      } else {
        // avsc writes an undefined field as its default's bytes, computed once.
        const bytes = field.type.toBuffer(fallback);
        statements.push(
          `if (${value} === undefined) {\nif (p + ${bytes.length} <= b.length) b.set(${this.#constant(bytes)}, p);\n` +
            `p += ${bytes.length};\n} else {\n${this.#write(field.type, value)}\n}`,
        );
      }
    }
    this.#functions.push(`function ${name}(b, p, v) {\n${statements.join("\n")}\nreturn p;\n}`);
    return name;
  }

  // avsc's unwrapped union: the branch of the value's bucket, then every logical (or abstract) branch that
  // accepts the value, where a second match is an error.
  #union(type: avsc.types.UnwrappedUnionType, v: string, t: string): string {
    const index = this.#fresh("j");
    const staticTests: string[] = [];
    const dynamicTests: string[] = [];
    const cases: string[] = [];
    type.types.forEach((branch, i) => {
      if (avsc.Type.isType(branch, "abstract", "logical")) {
        const accepts = this.#constant((value: unknown) => checkValue(branch, value));
        dynamicTests.push(`if (${accepts}(${v})) { if (${index} >= 0) ambiguous(); ${index} = ${i}; }`);
      } else {
        const test = BUCKET_TESTS[typeBucket(branch)];
        if (test === undefined) throw new NotCompiled(branch.typeName);
        staticTests.push(`if (${test(v)}) ${index} = ${i};`);
      }
      cases.push(`case ${i}: {\n${indexBytes(i)}\n${this.#write(branch, v)}\nbreak;\n}`);
    });
    return (
      `let ${index} = -1;\n${staticTests.join("\nelse ")}\n${dynamicTests.join("\n")}\n` +
      `switch (${index}) {\n${cases.join("\n")}\ndefault:\ninvalid(${t}, ${v});\n}`
    );
  }

  // schemakit's picked union: the first branch, in schema order, that accepts the value.
  #picked(type: PickedUnionType, v: string): string {
    const arms = type.branches.map(
      (branch, i) => `if (${this.#accepts(branch, v)}) {\n${indexBytes(i)}\n${this.#write(branch, v)}\n}`,
    );
    return `${arms.join(" else ")} else throwUnionValue(${v});`;
  }

  // avsc's check of a value without flags, inline for the primitive types.
  #accepts(type: avsc.Type, v: string): string {
    switch (kindOf(type)) {
      case "null":
        return `${v} === null`;
      case "boolean":
        return `typeof ${v} === "boolean"`;
      case "int":
        return `${v} === (${v} | 0)`;
      case "long":
        return `Number.isSafeInteger(${v})`;
      case "avscLong":
        return AVSC_LONG_ACCEPTS(v);
      case "float":
      case "double":
        return `typeof ${v} === "number"`;
      case "string":
        return `typeof ${v} === "string"`;
      case "bytes":
        return `Buffer.isBuffer(${v})`;
      case "fixed":
        return `(Buffer.isBuffer(${v}) && ${v}.length === ${(type as avsc.types.FixedType).size})`;
      default:
        return `${this.#constant((value: unknown) => checkValue(type, value))}(${v})`;
    }
  }
}

// Floats and doubles go through one typed array each, as Node's own writeDoubleLE does, with the bytes
// copied inline (a call and its offset checks cost more than the copy); a big-endian host calls Node's.
const f64 = new Float64Array(1);
const f64b = new Uint8Array(f64.buffer);
const f32 = new Float32Array(1);
const f32b = new Uint8Array(f32.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function storeIeee(v: string, size: 4 | 8): string {
  const [array, bytes, method] = size === 8 ? ["f64", "f64b", "writeDoubleLE"] : ["f32", "f32b", "writeFloatLE"];
  if (!LITTLE_ENDIAN) return `b.${method}(${v}, p);`;
  const copies = Array.from({ length: size }, (_, i) => `b[p + ${i}] = ${bytes}[${i}];`).join(" ");
  return `{ ${array}[0] = ${v}; ${copies} }`;
}

// A value already checked to be an int32: its zig-zag varint, in 32-bit integer arithmetic.
function intVarint(v: string): string {
  return (
    `{\nlet z = ((${v} << 1) ^ (${v} >> 31)) >>> 0;\n` +
    "while (z > 127) { b[p++] = (z & 127) | 128; z >>>= 7; }\nb[p++] = z;\n}"
  );
}
