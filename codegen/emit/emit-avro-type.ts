import { CodegenInputError } from "../../src/errors/index.js";
import type { LongMode } from "../../src/schema/index.js";
import type {
  EnumModel,
  FieldModel,
  FixedModel,
  NamedModel,
  RecordModel,
  SchemaModel,
  TypeModel,
} from "../model/avro-model.js";
import { defaultExpression } from "./default-value.js";
import { formatJson } from "./format-json.js";
import { namedOf } from "./named-of.js";
import type { OutputLayout } from "./output-layout.js";
import type { RegisteredSchema } from "./registered-schema.js";
import type { TsFile } from "./ts-file.js";
import { classFieldName, isObjectMember } from "./ts-names.js";
import { tsdoc } from "./tsdoc.js";
import { convertExpression, initType, valueType, type ExpressionContext } from "./type-expressions.js";

/** What emitting one named type needs to know beyond the type itself. */
export interface EmitContext {
  readonly model: SchemaModel;
  readonly longs: LongMode;
  /** Where every named type and runtime export lives. */
  readonly layout: OutputLayout;
  readonly registered: RegisteredSchema;
  /**
   * Fingerprint of the registered schema's Parsing Canonical Form, 16 hex digits. A function: computing it
   * runs avsc's checks, and the emitter's own checks (field defaults) give more precise errors first.
   */
  readonly fingerprint: () => string;
}

// The context with the file being written.
type Emitting = EmitContext & ExpressionContext;

/** The file of one named type: its body, and the imports it uses (the header is added by TsFile.render). */
export function emitAvroType(type: NamedModel, context: EmitContext): TsFile {
  const emit: Emitting = { ...context, file: context.layout.typeFile(type.fullName) };
  switch (type.kind) {
    case "record":
      emitRecord(type, emit);
      break;
    case "enum":
      emitEnum(type, emit);
      break;
    case "fixed":
      emitFixed(type, emit);
      break;
  }
  return emit.file;
}

function emitRecord(type: RecordModel, emit: Emitting): void {
  const { file, layout } = emit;
  const name = file.export(layout.value(type.fullName).name);
  const init = file.export(layout.init(type.fullName).name);
  const allOptional = type.fields.every(optionalInInit);
  file.line(`/** Constructor input of {@link ${name}}: fields that have a schema default are optional. */`);
  if (type.fields.length === 0) {
    file.line(`export type ${init} = Record<string, never>;`);
  } else {
    file.line(`export interface ${init} {`);
    for (const field of type.fields)
      file.line(`  readonly ${field.name}${optionalInInit(field) ? "?" : ""}: ${initType(field.type, emit)};`);
    file.line("}");
  }
  file.line();
  file.lines(tsdoc("", type.doc, [...aliasTags(type.aliases), `@generated from record ${type.fullName}`]));
  file.line(`export class ${name} {`);
  for (const field of type.fields) {
    const defaultNote = field.default === undefined ? "" : `, default ${JSON.stringify(field.default.value)}`;
    file.lines(
      tsdoc("  ", field.doc, [
        ...aliasTags(field.aliases),
        `@generated from field: ${describeType(field.type)} ${field.name}${defaultNote}`,
      ]),
    );
    file.line(`  readonly ${classFieldName(field.name)}: ${valueType(field.type, emit)};`);
  }
  if (type.fields.length > 0) file.line();
  file.line(`  constructor(init: ${init}${allOptional ? " = {}" : ""}) {`);
  for (const field of type.fields) file.line(`    this.${field.name} = ${fieldValue(field, type, emit)};`);
  file.line("  }");
  file.line();
  file.line("  /** The Avro full name: tells records apart in a union (`switch (value.$type)`). */");
  file.line(`  get $type(): ${JSON.stringify(type.fullName)} {`);
  file.line(`    return ${JSON.stringify(type.fullName)};`);
  file.line("  }");
  file.line();
  const define = file.use(layout.runtime("defineAvroRecord"));
  const descriptorType = file.use(layout.runtime("AvroRecordType", { typeOnly: true }));
  file.line("  /** The runtime descriptor: the schema as registered, its fingerprint, references and nested types. */");
  file.line(
    `  static readonly schema: ${descriptorType}<${name}, ${init}> = /*@__PURE__*/ ${define}<${name}, ${init}>({`,
  );
  descriptorFields("    ", emit);
  file.line(`    recordClass: ${name},`);
  file.line("  });");
  file.line("}");
}

function emitEnum(type: EnumModel, emit: Emitting): void {
  const { file, layout } = emit;
  const name = file.export(layout.value(type.fullName).name);
  const tags = [
    ...aliasTags(type.aliases),
    ...(type.default === undefined
      ? []
      : [`Readers use ${JSON.stringify(type.default)} for symbols they do not know.`]),
    `@generated from enum ${type.fullName}`,
  ];
  file.lines(tsdoc("", type.doc, tags));
  file.line(`export type ${name} =`);
  type.symbols.forEach((symbol, index) => {
    file.line(`  | ${JSON.stringify(symbol)}${index === type.symbols.length - 1 ? ";" : ""}`);
  });
  file.line();
  const define = file.use(layout.runtime("defineAvroEnum"));
  const descriptorType = file.use(layout.runtime("AvroEnumType", { typeOnly: true }));
  file.line(
    `/** The runtime descriptor of {@link ${name}}; \`${name}.symbols\` lists the symbols in schema order (frozen). */`,
  );
  file.line(`export const ${name}: ${descriptorType}<${name}> = /*@__PURE__*/ ${define}<${name}>({`);
  descriptorFields("  ", emit);
  file.line("});");
}

function emitFixed(type: FixedModel, emit: Emitting): void {
  const { file, layout } = emit;
  const name = file.export(layout.value(type.fullName).name);
  const logical = type.logical?.name;
  const valueTs = logical === "decimal" || logical === "uuid" ? "string" : "Buffer";
  const note =
    logical === "decimal"
      ? `A decimal (precision ${type.logical?.precision ?? "?"}, scale ${type.logical?.scale ?? 0}) as exact decimal text, in ${type.size} bytes.`
      : logical === "uuid"
        ? "A UUID in its text form, in 16 bytes."
        : `Exactly ${type.size} bytes; any other length is a serialization error naming the field.`;
  file.lines(
    tsdoc("", type.doc, [
      note,
      ...aliasTags(type.aliases),
      `@generated from fixed ${type.fullName}${logical === undefined ? "" : ` (${logical})`}`,
    ]),
  );
  file.line(`export type ${name} = ${valueTs};`);
  file.line();
  const define = file.use(layout.runtime("defineAvroFixed"));
  const descriptorType = file.use(layout.runtime("AvroFixedType", { typeOnly: true }));
  file.line(`/** The runtime descriptor of {@link ${name}}; \`${name}.size\` is its size in bytes. */`);
  file.line(`export const ${name}: ${descriptorType} = /*@__PURE__*/ ${define}({`);
  descriptorFields("  ", emit);
  file.line("});");
}

// schema, fingerprint, references, nested and longs, as every define* helper takes them.
function descriptorFields(indent: string, emit: Emitting): void {
  const { file, layout } = emit;
  const json = formatJson(emit.registered.json, indent);
  file.line(`${indent}schema: ${json[0] ?? ""}${json.length === 1 ? "," : ""}`);
  for (const line of json.slice(1, -1)) file.line(line);
  if (json.length > 1) file.line(`${json[json.length - 1] ?? ""},`);
  file.line(`${indent}fingerprint: ${JSON.stringify(emit.fingerprint())},`);
  const descriptor = (fullName: string): string => {
    const local = file.use(layout.value(fullName));
    return namedOf(emit.model, fullName).kind === "record" ? `${local}.schema` : local;
  };
  if (emit.registered.references.length > 0)
    file.line(`${indent}references: () => [${emit.registered.references.map(descriptor).join(", ")}],`);
  if (emit.registered.nested.length > 0)
    file.line(`${indent}nested: () => [${emit.registered.nested.map(descriptor).join(", ")}],`);
  if (emit.longs === "bigint") file.line(`${indent}longs: "bigint",`);
}

function fieldValue(field: FieldModel, record: RecordModel, emit: ExpressionContext): string {
  const given = `init.${field.name}`;
  const converted = convertExpression(given, field.type, emit);
  if (field.default === undefined) return converted;
  const fallback = defaultExpression(field.default.value, field.type, emit);
  if (fallback === undefined) {
    throw new CodegenInputError(
      {
        file: record.location.file,
        jsonPath: `${record.location.jsonPath}.fields[${record.fields.indexOf(field)}].default`,
        typeName: record.fullName,
      },
      `the default ${JSON.stringify(field.default.value)} of field "${field.name}" does not match its type ${describeType(field.type)}`,
    );
  }
  // A field every object has (toString, constructor, …) counts as given only when the input holds it
  // itself: an input that leaves it out would otherwise hand over Object.prototype's member.
  const missing = isObjectMember(field.name)
    ? `!Object.hasOwn(init, ${JSON.stringify(field.name)}) || ${given} === undefined`
    : `${given} === undefined`;
  return `${missing} ? ${fallback} : ${converted}`;
}

/**
 * Whether the constructor input may leave a field out: when it has a default, unless TypeScript sees every
 * object as having a member of that name (`{}` has a `toString`, so it would never type-check as an input
 * lacking the field). Such a field is always given; its default still applies to JavaScript callers.
 */
function optionalInInit(field: FieldModel): boolean {
  return field.default !== undefined && (field.name === "__proto__" || !isObjectMember(field.name));
}

/** A short schema-like description of a type, for "@generated from field" lines. */
function describeType(type: TypeModel): string {
  switch (type.kind) {
    case "primitive":
      return type.logical === undefined ? type.name : `${type.name} (${type.logical.name})`;
    case "array":
      return `array<${describeType(type.items)}>`;
    case "map":
      return `map<${describeType(type.values)}>`;
    case "union":
      return `[${type.branches.map(describeType).join(", ")}]`;
    case "named":
      return type.fullName;
  }
}

function aliasTags(aliases: readonly string[]): string[] {
  return aliases.length === 0 ? [] : [`Also read under the names: ${aliases.join(", ")}.`];
}
