import { isFieldSet } from "@bufbuild/protobuf";
import { protoCamelCase } from "@bufbuild/protobuf/reflect";
import {
  type DescriptorProto,
  Edition,
  type EnumDescriptorProto,
  EnumOptionsSchema,
  EnumValueOptionsSchema,
  ExtensionRangeOptionsSchema,
  type FieldDescriptorProto,
  FieldDescriptorProtoSchema,
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as FieldType,
  FieldOptionsSchema,
  type FileDescriptorProto,
  FileOptionsSchema,
  MessageOptionsSchema,
  MethodOptionsSchema,
  type OneofDescriptorProto,
  OneofOptionsSchema,
  type ServiceDescriptorProto,
  ServiceOptionsSchema,
} from "@bufbuild/protobuf/wkt";
import { optionAssignments, quoted, UnprintableOptionError } from "./proto-text-options.js";

// The canonical `.proto` text of a compiled file: what schemakit registers. It is printed from the
// FileDescriptorProto alone, so comments, layout, import aliases of type names and the order of options
// in the source do not reach it: two sources that compile to the same descriptor print the same text,
// and the registry gives them the same id. Type names are printed fully qualified (".pkg.Type"), so the
// text resolves the same way wherever the registry or a consumer compiles it.
//
// One constraint shapes the layout: Confluent's message indexes count map-entry messages, which the
// compiler declares at the position of their map field among the nested messages. Fields and nested
// messages are therefore interleaved so that each map field comes where its entry stood; printing all
// fields first would reorder the nested messages and change the indexes the records carry.

/** Why a file cannot be printed: a construct the printer does not render (proto2 groups, custom options). */
export class CanonicalProtoError extends Error {
  override readonly name = "CanonicalProtoError";
}

const INDENT = "  ";
const MESSAGE_MAX = 536_870_912; // exclusive end of field numbers: 2^29
const ENUM_MAX = 2_147_483_647;

const SCALAR_NAMES: Partial<Record<FieldType, string>> = {
  [FieldType.DOUBLE]: "double",
  [FieldType.FLOAT]: "float",
  [FieldType.INT64]: "int64",
  [FieldType.UINT64]: "uint64",
  [FieldType.INT32]: "int32",
  [FieldType.FIXED64]: "fixed64",
  [FieldType.FIXED32]: "fixed32",
  [FieldType.BOOL]: "bool",
  [FieldType.STRING]: "string",
  [FieldType.BYTES]: "bytes",
  [FieldType.UINT32]: "uint32",
  [FieldType.SFIXED32]: "sfixed32",
  [FieldType.SFIXED64]: "sfixed64",
  [FieldType.SINT32]: "sint32",
  [FieldType.SINT64]: "sint64",
};

type Syntax = "proto2" | "proto3" | "editions";

// descriptor.proto is proto2: an unset optional field reads as its zero value ("" or 0), so whether
// a field carries a default, a JSON name, a oneof or an extendee is asked of its presence.
const FIELD = FieldDescriptorProtoSchema.field;
const has = (field: FieldDescriptorProto, member: keyof typeof FIELD): boolean => isFieldSet(field, FIELD[member]);

/** The canonical .proto text of a compiled file; a CanonicalProtoError for what it cannot render. */
export function canonicalProtoText(file: FileDescriptorProto): string {
  try {
    return new Printer(file).print();
  } catch (error) {
    if (error instanceof UnprintableOptionError) throw new CanonicalProtoError(`${file.name}: ${error.message}`);
    if (error instanceof CanonicalProtoError) throw new CanonicalProtoError(`${file.name}: ${error.message}`);
    throw error;
  }
}

class Printer {
  readonly #file: FileDescriptorProto;
  readonly #syntax: Syntax;
  readonly #lines: string[] = [];

  constructor(file: FileDescriptorProto) {
    this.#file = file;
    this.#syntax = file.syntax === "editions" ? "editions" : file.syntax === "proto3" ? "proto3" : "proto2";
  }

  print(): string {
    const file = this.#file;
    const sections: string[][] = [];
    if (file.syntax === "editions") {
      const edition = Edition[file.edition];
      if (edition === undefined || !edition.startsWith("EDITION_")) {
        throw new CanonicalProtoError(`unknown edition ${file.edition}`);
      }
      sections.push([`edition = "${edition.slice("EDITION_".length)}";`]);
    } else {
      // The compiler leaves syntax empty for proto2; the text says so, for readers that warn without it.
      sections.push([`syntax = "${this.#syntax}";`]);
    }
    if (file.package !== "") sections.push([`package ${file.package};`]);
    if (file.dependency.length > 0) {
      sections.push(
        file.dependency.map((path, index) => {
          const kind = file.publicDependency.includes(index)
            ? "public "
            : file.weakDependency.includes(index)
              ? "weak "
              : "";
          return `import ${kind}${quoted(path)};`;
        }),
      );
    }
    const options = optionAssignments(FileOptionsSchema, file.options).map((option) => `option ${option};`);
    if (options.length > 0) sections.push(options);
    for (const message of file.messageType) sections.push(this.#capture(() => this.#message(message, 0)));
    for (const desc of file.enumType) sections.push(this.#capture(() => this.#enum(desc, 0)));
    for (const group of byExtendee(file.extension)) sections.push(this.#capture(() => this.#extend(group, 0)));
    for (const service of file.service) sections.push(this.#capture(() => this.#service(service)));
    return `${sections.map((section) => section.join("\n")).join("\n\n")}\n`;
  }

  #capture(print: () => void): string[] {
    const start = this.#lines.length;
    print();
    return this.#lines.splice(start);
  }

  #line(depth: number, text: string): void {
    this.#lines.push(`${INDENT.repeat(depth)}${text}`);
  }

  #message(message: DescriptorProto, depth: number): void {
    this.#line(depth, `message ${message.name} {`);
    const inner = depth + 1;
    for (const option of optionAssignments(MessageOptionsSchema, message.options))
      this.#line(inner, `option ${option};`);
    const entries = new Map(
      message.nestedType.filter((nested) => nested.options?.mapEntry === true).map((entry) => [entry.name, entry]),
    );
    let nestedAt = 0;
    const printedOneofs = new Set<number>();
    const flushPlainNested = (): void => {
      for (let next = message.nestedType[nestedAt]; next !== undefined; next = message.nestedType[nestedAt]) {
        if (next.options?.mapEntry === true) return;
        this.#message(next, inner);
        nestedAt += 1;
      }
    };
    for (const field of message.field) {
      flushPlainNested();
      const entry = this.#mapEntryOf(field, message, entries);
      if (entry !== undefined) {
        if (message.nestedType[nestedAt] !== entry) {
          throw new CanonicalProtoError(`${message.name}.${field.name}: its map entry is out of declaration order`);
        }
        nestedAt += 1;
        this.#field(field, inner, entry);
        continue;
      }
      const oneof = this.#realOneof(field, message);
      if (oneof === undefined) {
        this.#field(field, inner, undefined);
      } else if (!printedOneofs.has(oneof.index)) {
        printedOneofs.add(oneof.index);
        this.#oneof(oneof.desc, oneof.index, message, inner);
      }
    }
    flushPlainNested();
    if (nestedAt < message.nestedType.length) {
      throw new CanonicalProtoError(`${message.name}: a map entry without its map field`);
    }
    for (const desc of message.enumType) this.#enum(desc, inner);
    for (const range of message.extensionRange) {
      const options = optionAssignments(ExtensionRangeOptionsSchema, range.options);
      const suffix = options.length > 0 ? ` [${options.join(", ")}]` : "";
      this.#line(inner, `extensions ${rangeText(range.start, range.end - 1, MESSAGE_MAX - 1)}${suffix};`);
    }
    for (const group of byExtendee(message.extension)) this.#extend(group, inner);
    this.#reserved(
      message.reservedRange.map((range) => rangeText(range.start, range.end - 1, MESSAGE_MAX - 1)),
      message.reservedName,
      inner,
    );
    this.#line(depth, "}");
  }

  #mapEntryOf(
    field: FieldDescriptorProto,
    message: DescriptorProto,
    entries: ReadonlyMap<string, DescriptorProto>,
  ): DescriptorProto | undefined {
    if (field.label !== Label.REPEATED || field.type !== FieldType.MESSAGE) return undefined;
    const simpleName = field.typeName.slice(field.typeName.lastIndexOf(".") + 1);
    const entry = entries.get(simpleName);
    if (entry === undefined || !field.typeName.endsWith(`${message.name}.${simpleName}`)) return undefined;
    return entry;
  }

  #realOneof(
    field: FieldDescriptorProto,
    message: DescriptorProto,
  ): { desc: OneofDescriptorProto; index: number } | undefined {
    if (!has(field, "oneofIndex") || field.proto3Optional) return undefined;
    const desc = message.oneofDecl[field.oneofIndex];
    if (desc === undefined)
      throw new CanonicalProtoError(`${message.name}.${field.name}: no oneof ${field.oneofIndex}`);
    return { desc, index: field.oneofIndex };
  }

  #oneof(oneof: OneofDescriptorProto, index: number, message: DescriptorProto, depth: number): void {
    this.#line(depth, `oneof ${oneof.name} {`);
    for (const option of optionAssignments(OneofOptionsSchema, oneof.options))
      this.#line(depth + 1, `option ${option};`);
    for (const field of message.field) {
      if (has(field, "oneofIndex") && field.oneofIndex === index && !field.proto3Optional)
        this.#field(field, depth + 1, undefined);
    }
    this.#line(depth, "}");
  }

  #field(field: FieldDescriptorProto, depth: number, mapEntry: DescriptorProto | undefined): void {
    let type: string;
    let label = "";
    if (mapEntry !== undefined) {
      const [key, value] = mapEntry.field;
      if (key === undefined || value === undefined) throw new CanonicalProtoError(`${mapEntry.name}: not a map entry`);
      type = `map<${this.#typeOf(key)}, ${this.#typeOf(value)}>`;
    } else {
      type = this.#typeOf(field);
      label = this.#labelOf(field);
    }
    const options: string[] = [];
    if (has(field, "defaultValue")) options.push(`default = ${defaultLiteral(field)}`);
    if (has(field, "jsonName") && field.jsonName !== protoCamelCase(field.name)) {
      options.push(`json_name = ${quoted(field.jsonName)}`);
    }
    options.push(...optionAssignments(FieldOptionsSchema, field.options));
    const suffix = options.length > 0 ? ` [${options.join(", ")}]` : "";
    this.#line(depth, `${label}${type} ${field.name} = ${field.number}${suffix};`);
  }

  #labelOf(field: FieldDescriptorProto): string {
    if (field.label === Label.REPEATED) return "repeated ";
    switch (this.#syntax) {
      case "proto2":
        if (has(field, "oneofIndex") && !has(field, "extendee")) return "";
        return field.label === Label.REQUIRED ? "required " : "optional ";
      case "proto3":
        return field.proto3Optional ? "optional " : "";
      case "editions":
        if (field.label === Label.REQUIRED)
          throw new CanonicalProtoError(`${field.name}: a required label in editions`);
        return "";
    }
  }

  #typeOf(field: FieldDescriptorProto): string {
    const type = field.type;
    if (type === FieldType.MESSAGE || type === FieldType.ENUM) return field.typeName;
    if (type === FieldType.GROUP) {
      // Editions declare delimited messages by a feature, already among the field's options.
      if (this.#syntax === "editions") return field.typeName;
      throw new CanonicalProtoError(`${field.name}: proto2 groups are not supported`);
    }
    const name = SCALAR_NAMES[type];
    if (name === undefined) throw new CanonicalProtoError(`${field.name}: unknown field type ${type}`);
    return name;
  }

  #enum(desc: EnumDescriptorProto, depth: number): void {
    this.#line(depth, `enum ${desc.name} {`);
    const inner = depth + 1;
    for (const option of optionAssignments(EnumOptionsSchema, desc.options)) this.#line(inner, `option ${option};`);
    for (const value of desc.value) {
      const options = optionAssignments(EnumValueOptionsSchema, value.options);
      const suffix = options.length > 0 ? ` [${options.join(", ")}]` : "";
      this.#line(inner, `${value.name} = ${value.number}${suffix};`);
    }
    this.#reserved(
      desc.reservedRange.map((range) => rangeText(range.start, range.end, ENUM_MAX)),
      desc.reservedName,
      inner,
    );
    this.#line(depth, "}");
  }

  #reserved(ranges: readonly string[], names: readonly string[], depth: number): void {
    if (ranges.length > 0) this.#line(depth, `reserved ${ranges.join(", ")};`);
    if (names.length === 0) return;
    // Editions write reserved names as identifiers, the older syntaxes as strings.
    const printed = names.map((name) => (this.#syntax === "editions" ? name : quoted(name)));
    this.#line(depth, `reserved ${printed.join(", ")};`);
  }

  #extend(fields: readonly FieldDescriptorProto[], depth: number): void {
    const [first] = fields;
    if (first === undefined) return;
    this.#line(depth, `extend ${first.extendee} {`);
    for (const field of fields) this.#field(field, depth + 1, undefined);
    this.#line(depth, "}");
  }

  #service(service: ServiceDescriptorProto): void {
    this.#line(0, `service ${service.name} {`);
    for (const option of optionAssignments(ServiceOptionsSchema, service.options)) this.#line(1, `option ${option};`);
    for (const method of service.method) {
      const input = `${method.clientStreaming ? "stream " : ""}${method.inputType}`;
      const output = `${method.serverStreaming ? "stream " : ""}${method.outputType}`;
      const options = optionAssignments(MethodOptionsSchema, method.options);
      const head = `rpc ${method.name}(${input}) returns (${output})`;
      if (options.length === 0) {
        this.#line(1, `${head};`);
      } else {
        this.#line(1, `${head} {`);
        for (const option of options) this.#line(2, `option ${option};`);
        this.#line(1, "}");
      }
    }
    this.#line(0, "}");
  }
}

/** Consecutive extension fields with the same extendee, as one `extend` block each. */
function byExtendee(fields: readonly FieldDescriptorProto[]): FieldDescriptorProto[][] {
  const groups: FieldDescriptorProto[][] = [];
  for (const field of fields) {
    const last = groups.at(-1);
    if (last !== undefined && last[0]?.extendee === field.extendee) last.push(field);
    else groups.push([field]);
  }
  return groups;
}

/** An inclusive range as .proto writes it: "5", "5 to 9", "5 to max". */
function rangeText(start: number, endInclusive: number, max: number): string {
  if (endInclusive === start) return String(start);
  return `${start} to ${endInclusive >= max ? "max" : String(endInclusive)}`;
}

// The compiler stores defaults as text: strings unescaped, bytes C-escaped, enums by value name,
// floats as "inf", "-inf", "nan" or a decimal; each goes back the way .proto writes it.
function defaultLiteral(field: FieldDescriptorProto): string {
  const text = field.defaultValue;
  if (field.type === FieldType.STRING) return quoted(text);
  if (field.type === FieldType.BYTES) return `"${text}"`;
  return text;
}
