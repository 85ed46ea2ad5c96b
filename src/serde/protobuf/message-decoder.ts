import { type DescField, type DescMessage, ScalarType } from "@bufbuild/protobuf";
import { isWrapperDesc } from "@bufbuild/protobuf/wkt";
import * as wire from "./binary-reader.js";
import { fail, int32VarintBytes, type ReadCursor, skipField } from "./binary-reader.js";
import { END_GROUP, enumZeroNumber, LENGTH_DELIMITED, START_GROUP, VARINT, wireTypeOf } from "./wire-types.js";

// A message's decoder compiled once from its descriptor: it reads the Protobuf binary into a plain object
// shaped as @bufbuild/protobuf's fromBinary result without `$typeName` (the init a generated class takes):
// implicit-presence fields hold their zero value unless read, explicit-presence and message fields are
// absent unless read, repeated fields are arrays, maps records, oneofs `{ case, value }`. As fromBinary:
// open enums keep unknown numbers, a closed enum's unknown number becomes an unknown field, repeated scalars
// are read packed or not whatever the descriptor says, the last map entry of a key wins, a message field
// seen twice merges into the first, fields the descriptor does not declare land in `$unknown` as read.
//
// Stricter than fromBinary, as protobuf's C++ and Java parsers are: a value crossing the end of its message
// is malformed, and a declared field read with another wire type is kept as an unknown field rather than
// read as its declared type. Every failure is a MalformedProtobuf.
//
// Each message's reader is JavaScript source built from the descriptor and compiled with `new Function`, as
// protobufjs does: fields are then stored under constant names (one object shape, no keyed access by a
// name held in a closure), which is what makes decoding as fast as protobufjs's. Only the reader's own
// descriptor (from its generated class) reaches the source: field names go in as JSON string literals,
// numbers as integers the descriptor checked; nothing read from the wire does.
//
// Not compiled (compileMessageDecoder answers undefined, the deserializer keeps fromBinary): messages with a
// field whose local value is not the message itself (Struct fields, singular wrapper fields), Struct, Value
// and ListValue, and every message where the runtime refuses code generation from strings.

type Indexable = Record<string, unknown>;

/** Reads a message's fields up to `end` into `message` (a fresh one, or one read before to merge into). */
type MessageReader = (cursor: ReadCursor, end: number, depth: number, message: Indexable, group: number) => void;

interface CompiledMessage {
  /** A message with no field read: zero values, fresh arrays, records and oneofs, in one object shape. */
  readonly fresh: () => Indexable;
  /** Reads fields up to `end`, or (`group` ≠ 0) up to the end-group tag of field `group`. */
  readonly read: MessageReader;
}

/** The compiled decoder of a message: reads `bytes` from `offset` to their end into a fresh message. */
export type MessageDecoder = (bytes: Buffer, offset: number) => Indexable;

const IMPLICIT = 2;
// Nesting of messages and groups, as @bufbuild/protobuf's default recursion limit.
const MAX_DEPTH = 100;

const compiled = new WeakMap<DescMessage, CompiledMessage | null>();

/** The compiled decoder of a message, built once per descriptor; undefined when it cannot be compiled. */
export function compileMessageDecoder(desc: DescMessage): MessageDecoder | undefined {
  const message = compiledMessage(desc);
  if (message === undefined) return undefined;
  const { fresh, read } = message;
  return (bytes, offset) => {
    const target = fresh();
    read({ buf: bytes, pos: offset }, bytes.length, 1, target, 0);
    return target;
  };
}

function compiledMessage(desc: DescMessage): CompiledMessage | undefined {
  const known = compiled.get(desc);
  if (known !== undefined) return known ?? undefined;
  const messages = reachableMessages(desc);
  if (messages === undefined) {
    compiled.set(desc, null);
    return undefined;
  }
  const uncompiled = messages.filter((message) => !compiled.has(message));
  let linkers: (() => void)[];
  try {
    linkers = uncompiled.map(compileMessage);
  } catch (error) {
    // Code generation from strings disabled (--disallow-code-generation-from-strings, a CSP): fromBinary.
    if (!(error instanceof EvalError)) throw error;
    for (const message of uncompiled) compiled.set(message, null);
    return undefined;
  }
  for (const link of linkers) link();
  return compiled.get(desc) ?? undefined;
}

/** The message and every message its fields reach; undefined when one of them cannot be compiled. */
function reachableMessages(desc: DescMessage): DescMessage[] | undefined {
  const seen = new Set<DescMessage>();
  const visit = (current: DescMessage): boolean => {
    if (seen.has(current)) return true;
    seen.add(current);
    if (compiled.get(current) === null) return false;
    const name = current.typeName;
    if (name === "google.protobuf.Struct" || name === "google.protobuf.Value") return false;
    if (name === "google.protobuf.ListValue") return false;
    for (const field of current.fields) {
      // Names become string literals and object literal keys; "__proto__" would set a prototype there.
      if (field.localName === "__proto__" || field.oneof?.localName === "__proto__") return false;
      if (field.fieldKind === "message" && field.oneof === undefined && isWrapperDesc(field.message)) return false;
      const child =
        field.fieldKind === "message" ||
        (field.fieldKind === "list" && field.listKind === "message") ||
        (field.fieldKind === "map" && field.mapKind === "message")
          ? field.message
          : undefined;
      if (child !== undefined && !visit(child)) return false;
    }
    return true;
  };
  return visit(desc) ? [...seen] : undefined;
}

// What generated readers call besides the wire primitives: the rare paths, kept out of the hot source.
const support = {
  skipField,
  EMPTY_BYTES: new Uint8Array(0),
  /** A tag no field reads: validated, then the value skipped and kept; true at the open group's end. */
  unknownField(cursor: ReadCursor, end: number, depth: number, message: Indexable, tag: number, group: number) {
    const fieldNo = tag >>> 3;
    const wireType = tag & 7;
    if (fieldNo === 0 || wireType > 5) fail(cursor, `illegal tag: field ${fieldNo}, wire type ${wireType}`);
    if (wireType === END_GROUP) {
      if (fieldNo === group) return true;
      fail(cursor, `end-group tag of field ${fieldNo} where none is open`);
    }
    const start = skipField(cursor, end, tag, MAX_DEPTH - depth);
    addUnknown(message, { no: fieldNo, wireType, data: cursor.buf.subarray(start, cursor.pos) });
    return false;
  },
  /** A closed enum's number it does not declare: an unknown field, as the varint protobuf writes for it. */
  unknownEnum(message: Indexable, fieldNo: number, value: number) {
    addUnknown(message, { no: fieldNo, wireType: VARINT, data: int32VarintBytes(value) });
  },
  /** A map entry keyed "__proto__": an own entry, not the record's prototype. */
  setOwn(record: Indexable, key: string, value: unknown) {
    Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  },
  noEndGroup(cursor: ReadCursor, group: number): never {
    fail(cursor, `group of field ${group} without its end-group tag`);
  },
  tooDeep(cursor: ReadCursor): never {
    fail(cursor, `messages nested deeper than ${MAX_DEPTH}`);
  },
};

const WIRE_NAMES = Object.keys(wire).filter((name) => name.startsWith("read"));
const WIRE_VALUES = WIRE_NAMES.map((name) => (wire as unknown as Record<string, unknown>)[name]);

function addUnknown(message: Indexable, field: { no: number; wireType: number; data: Uint8Array }): void {
  const unknown = message["$unknown"] as (typeof field)[] | undefined;
  if (unknown === undefined) message["$unknown"] = [field];
  else unknown.push(field);
}

/** Compiles a message's source and registers it; the answer links its nested messages once all compiled. */
function compileMessage(desc: DescMessage): () => void {
  const children: DescMessage[] = [];
  const constants: unknown[] = [];
  const childIndex = (child: DescMessage): number => {
    const index = children.indexOf(child);
    if (index >= 0) return index;
    children.push(child);
    return children.length - 1;
  };
  const constant = (value: unknown): string => {
    constants.push(value);
    return `K[${constants.length - 1}]`;
  };
  const cases = desc.fields.flatMap((field) => fieldCases(field, childIndex, constant));
  const links = children.map((_, i) => `F${i} = kids[${i}].fresh; R${i} = kids[${i}].read;`).join("\n");
  const source = `
"use strict";
${children.map((_, i) => `let F${i}, R${i};`).join("\n")}
function fresh() {
  return {${freshMembers(desc)}};
}
function read(c, end, depth, m, group) {
  if (depth > ${MAX_DEPTH}) S.tooDeep(c);
  const buf = c.buf;
  while (c.pos < end) {
    let t = buf[c.pos];
    if (t < 128) c.pos += 1;
    else t = readTag(c, end);
    switch (t) {
${cases.join("\n")}
      default:
        if (S.unknownField(c, end, depth, m, t, group)) return;
    }
  }
  if (group !== 0) S.noEndGroup(c, group);
}
return { fresh, read, link(kids) {
${links}
} };`;
  const factory = new Function("S", "K", ...WIRE_NAMES, source) as (
    ...args: unknown[]
  ) => CompiledMessage & { link: (kids: CompiledMessage[]) => void };
  const message = factory(support, constants, ...WIRE_VALUES);
  compiled.set(desc, { fresh: message.fresh, read: message.read });
  return () => message.link(children.map((child) => compiled.get(child) as CompiledMessage));
}

// The zero message's members in declaration order, as an object literal's body.
function freshMembers(desc: DescMessage): string {
  const members: string[] = [];
  for (const member of desc.members) {
    const key = JSON.stringify(member.localName);
    if (member.kind === "oneof") {
      members.push(`${key}: { case: undefined }`);
      continue;
    }
    switch (member.fieldKind) {
      case "list":
        members.push(`${key}: []`);
        break;
      case "map":
        members.push(`${key}: {}`);
        break;
      case "scalar":
        if (member.presence === IMPLICIT) members.push(`${key}: ${scalarZero(member.scalar, member.longAsString)}`);
        break;
      case "enum":
        if (member.presence === IMPLICIT) members.push(`${key}: ${enumZeroNumber(member.enum)}`);
        break;
      case "message":
        break;
    }
  }
  return members.join(", ");
}

// @bufbuild/protobuf's zero values, as source; the empty bytes are one shared array (length 0: unwritable).
function scalarZero(scalar: ScalarType, longAsString: boolean): string {
  switch (scalar) {
    case ScalarType.STRING:
      return '""';
    case ScalarType.BOOL:
      return "false";
    case ScalarType.BYTES:
      return "S.EMPTY_BYTES";
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return longAsString ? '"0"' : "0n";
    default:
      return "0";
  }
}

function tagOf(fieldNo: number, wireType: number): number {
  return ((fieldNo << 3) | wireType) >>> 0;
}

/** The switch cases reading a field: one for its wire type, one more for repeated scalars' other form. */
function fieldCases(
  field: DescField,
  childIndex: (child: DescMessage) => number,
  constant: (value: unknown) => string,
): string[] {
  const name = JSON.stringify(field.localName);
  const fieldNo = Math.trunc(field.number);
  const store = (value: string): string =>
    field.oneof === undefined
      ? `m[${name}] = ${value};`
      : `m[${JSON.stringify(field.oneof.localName)}] = { case: ${name}, value: ${value} };`;
  switch (field.fieldKind) {
    case "scalar":
    case "enum": {
      const scalar = field.fieldKind === "enum" ? ScalarType.INT32 : field.scalar;
      const tag = tagOf(fieldNo, wireTypeOf(scalar));
      const read = scalarRead(scalar, field.utf8Validation, field.fieldKind === "scalar" && field.longAsString, "end");
      if (field.fieldKind === "enum" && !field.enum.open) {
        const known = constant(new Set(field.enum.values.map((value) => value.number)));
        return [
          `case ${tag}: { const v = ${read}; ` +
            `if (${known}.has(v)) { ${store("v")} } else S.unknownEnum(m, ${fieldNo}, v); continue; }`,
        ];
      }
      return [`case ${tag}: ${store(read)} continue;`];
    }
    case "message": {
      const child = childIndex(field.message);
      const oneofName = JSON.stringify(field.oneof?.localName);
      const existing =
        field.oneof === undefined
          ? `m[${name}]`
          : `(m[${oneofName}].case === ${name} ? m[${oneofName}].value : undefined)`;
      if (field.delimitedEncoding) {
        return [
          `case ${tagOf(fieldNo, START_GROUP)}: { let x = ${existing}; if (x === undefined) x = F${child}(); ` +
            `R${child}(c, end, depth + 1, x, ${fieldNo}); ${store("x")} continue; }`,
        ];
      }
      return [
        `case ${tagOf(fieldNo, LENGTH_DELIMITED)}: { const s = readLength(c, end); let x = ${existing}; ` +
          `if (x === undefined) x = F${child}(); R${child}(c, s, depth + 1, x, 0); ${store("x")} continue; }`,
      ];
    }
    case "list":
      return listCases(field, name, fieldNo, childIndex);
    case "map":
      return [mapCase(field, name, fieldNo, childIndex)];
  }
}

function listCases(
  field: DescField & { fieldKind: "list" },
  name: string,
  fieldNo: number,
  childIndex: (child: DescMessage) => number,
): string[] {
  if (field.listKind === "message") {
    const child = childIndex(field.message);
    if (field.delimitedEncoding) {
      return [
        `case ${tagOf(fieldNo, START_GROUP)}: { const x = F${child}(); R${child}(c, end, depth + 1, x, ${fieldNo}); ` +
          `m[${name}].push(x); continue; }`,
      ];
    }
    return [
      `case ${tagOf(fieldNo, LENGTH_DELIMITED)}: { const s = readLength(c, end); const x = F${child}(); ` +
        `R${child}(c, s, depth + 1, x, 0); m[${name}].push(x); continue; }`,
    ];
  }
  // Closed enums' lists keep every number, as fromBinary's do.
  const scalar = field.listKind === "enum" ? ScalarType.INT32 : field.scalar;
  const longAsString = field.listKind === "scalar" && field.longAsString;
  const wireType = wireTypeOf(scalar);
  const readOne = scalarRead(scalar, field.utf8Validation, longAsString, "end");
  const one = `case ${tagOf(fieldNo, wireType)}: m[${name}].push(${readOne}); continue;`;
  if (wireType === LENGTH_DELIMITED) return [one];
  const packed =
    `case ${tagOf(fieldNo, LENGTH_DELIMITED)}: { const s = readLength(c, end); const a = m[${name}]; ` +
    `while (c.pos < s) a.push(${scalarRead(scalar, field.utf8Validation, longAsString, "s")}); continue; }`;
  return [one, packed];
}

// One map entry: key (field 1) and value (field 2) in any order, either missing (its zero value then), one
// repeated read again (a message value merges); the entry's key replaces an earlier entry's.
function mapCase(
  field: DescField & { fieldKind: "map" },
  name: string,
  fieldNo: number,
  childIndex: (child: DescMessage) => number,
): string {
  const keyTag = tagOf(1, wireTypeOf(field.mapKey));
  const keyRead = scalarRead(field.mapKey, field.utf8Validation, false, "s");
  const key = field.mapKey === ScalarType.STRING ? keyRead : `String(${keyRead})`;
  const keyZero = JSON.stringify(
    field.mapKey === ScalarType.BOOL ? "false" : field.mapKey === ScalarType.STRING ? "" : "0",
  );
  let valueTag: number;
  let valueRead: string;
  let valueZero: string;
  switch (field.mapKind) {
    case "message": {
      const child = childIndex(field.message);
      valueTag = tagOf(2, LENGTH_DELIMITED);
      valueRead =
        `{ const e = readLength(c, s); if (v === undefined) v = F${child}(); ` + `R${child}(c, e, depth + 1, v, 0); }`;
      valueZero = `F${child}()`;
      break;
    }
    case "enum":
      valueTag = tagOf(2, VARINT);
      valueRead = `v = readInt32(c, s);`;
      valueZero = String(enumZeroNumber(field.enum));
      break;
    case "scalar":
      valueTag = tagOf(2, wireTypeOf(field.scalar));
      valueRead = `v = ${scalarRead(field.scalar, field.utf8Validation, false, "s")};`;
      valueZero = field.scalar === ScalarType.BYTES ? "new Uint8Array(0)" : scalarZero(field.scalar, false);
      break;
  }
  return (
    `case ${tagOf(fieldNo, LENGTH_DELIMITED)}: { const s = readLength(c, end); let k = ${keyZero}; let v; ` +
    `while (c.pos < s) { const u = readTag(c, s); if (u === ${keyTag}) k = ${key}; ` +
    `else if (u === ${valueTag}) ${valueRead} else S.skipField(c, s, u, ${MAX_DEPTH} - depth); } ` +
    `if (v === undefined) v = ${valueZero}; if (k === "__proto__") S.setOwn(m[${name}], k, v); ` +
    `else m[${name}][k] = v; continue; }`
  );
}

// The source reading one scalar bounded by `end` (a variable name).
function scalarRead(scalar: ScalarType, strictUtf8: boolean, longAsString: boolean, end: string): string {
  const call = (reader: string): string => `${reader}(c, ${end})`;
  const long = (reader: string): string => (longAsString ? `String(${call(reader)})` : call(reader));
  switch (scalar) {
    case ScalarType.STRING:
      return `readString(c, ${end}, ${strictUtf8 ? "true" : "false"})`;
    case ScalarType.BYTES:
      return call("readBytes");
    case ScalarType.BOOL:
      return call("readBool");
    case ScalarType.INT32:
      return call("readInt32");
    case ScalarType.UINT32:
      return call("readVarint32");
    case ScalarType.SINT32:
      return call("readSint32");
    case ScalarType.FIXED32:
      return call("readFixed32");
    case ScalarType.SFIXED32:
      return call("readSfixed32");
    case ScalarType.FLOAT:
      return call("readFloat");
    case ScalarType.DOUBLE:
      return call("readDouble");
    case ScalarType.INT64:
      return long("readInt64");
    case ScalarType.UINT64:
      return long("readUint64");
    case ScalarType.SINT64:
      return long("readSint64");
    case ScalarType.FIXED64:
      return long("readFixed64");
    case ScalarType.SFIXED64:
      return long("readSfixed64");
  }
}
