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
import type { RegisteredSchema } from "./registered-schema.js";
import { TsFile } from "./ts-file.js";
import { relativeImport, typeIdentifier } from "./ts-names.js";
import { tsdoc } from "./tsdoc.js";
import { convertExpression, initType, namedType, valueType, type ExpressionContext } from "./type-expressions.js";

/** What emitting one named type needs to know beyond the type itself. */
export interface EmitContext {
  readonly model: SchemaModel;
  readonly longs: LongMode;
  /** Output path (relative to the output folder) of every named type. */
  readonly paths: ReadonlyMap<string, string>;
  readonly runtimeModule: string;
  readonly registered: RegisteredSchema;
  /**
   * Fingerprint of the registered schema's Parsing Canonical Form, 16 hex digits. A function: computing it
   * runs avsc's checks, and the emitter's own checks (field defaults) give more precise errors first.
   */
  readonly fingerprint: () => string;
}

/** The body of the file of one named type (header and imports are added by TsFile.render). */
export function emitAvroType(type: NamedModel, context: EmitContext): TsFile {
  const file = new TsFile();
  const names = localNames(file, type, context);
  switch (type.kind) {
    case "record":
      emitRecord(file, type, context, names);
      break;
    case "enum":
      emitEnum(file, type, context, names);
      break;
    case "fixed":
      emitFixed(file, type, context, names);
      break;
  }
  return file;
}

function emitRecord(file: TsFile, type: RecordModel, context: EmitContext, names: ExpressionContext): void {
  const name = typeIdentifier(type);
  const init = `${name}Init`;
  const allOptional = type.fields.every((field) => field.default !== undefined);
  file.line(`/** Constructor input of {@link ${name}}: fields that have a schema default are optional. */`);
  if (type.fields.length === 0) {
    file.line(`export type ${init} = Record<string, never>;`);
  } else {
    file.line(`export interface ${init} {`);
    for (const field of type.fields)
      file.line(`  readonly ${field.name}${field.default === undefined ? "" : "?"}: ${initType(field.type, names)};`);
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
    file.line(`  readonly ${field.name}: ${valueType(field.type, names)};`);
  }
  if (type.fields.length > 0) file.line();
  file.line(`  constructor(init: ${init}${allOptional ? " = {}" : ""}) {`);
  for (const field of type.fields) file.line(`    this.${field.name} = ${fieldValue(field, type, names)};`);
  file.line("  }");
  file.line();
  file.line("  /** The Avro full name: tells records apart in a union (`switch (value.$type)`). */");
  file.line(`  get $type(): ${JSON.stringify(type.fullName)} {`);
  file.line(`    return ${JSON.stringify(type.fullName)};`);
  file.line("  }");
  file.line();
  const define = names.runtime("defineAvroRecord");
  const descriptorType = file.import(context.runtimeModule, "AvroRecordType", { typeOnly: true });
  file.line("  /** The runtime descriptor: the schema as registered, its fingerprint, references and nested types. */");
  file.line(
    `  static readonly schema: ${descriptorType}<${name}, ${init}> = /*@__PURE__*/ ${define}<${name}, ${init}>({`,
  );
  descriptorFields(file, "    ", context, names);
  file.line(`    recordClass: ${name},`);
  file.line("  });");
  file.line("}");
}

function emitEnum(file: TsFile, type: EnumModel, context: EmitContext, names: ExpressionContext): void {
  const name = typeIdentifier(type);
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
  const define = names.runtime("defineAvroEnum");
  const descriptorType = file.import(context.runtimeModule, "AvroEnumType", { typeOnly: true });
  file.line(
    `/** The runtime descriptor of {@link ${name}}; \`${name}.symbols\` lists the symbols in schema order (frozen). */`,
  );
  file.line(`export const ${name}: ${descriptorType}<${name}> = /*@__PURE__*/ ${define}<${name}>({`);
  descriptorFields(file, "  ", context, names);
  file.line("});");
}

function emitFixed(file: TsFile, type: FixedModel, context: EmitContext, names: ExpressionContext): void {
  const name = typeIdentifier(type);
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
  const define = names.runtime("defineAvroFixed");
  const descriptorType = file.import(context.runtimeModule, "AvroFixedType", { typeOnly: true });
  file.line(`/** The runtime descriptor of {@link ${name}}; \`${name}.size\` is its size in bytes. */`);
  file.line(`export const ${name}: ${descriptorType} = /*@__PURE__*/ ${define}({`);
  descriptorFields(file, "  ", context, names);
  file.line("});");
}

// schema, fingerprint, references, nested and longs, as every define* helper takes them.
function descriptorFields(file: TsFile, indent: string, context: EmitContext, names: ExpressionContext): void {
  const json = formatJson(context.registered.json, indent);
  file.line(`${indent}schema: ${json[0] ?? ""}${json.length === 1 ? "," : ""}`);
  for (const line of json.slice(1, -1)) file.line(line);
  if (json.length > 1) file.line(`${json[json.length - 1] ?? ""},`);
  file.line(`${indent}fingerprint: ${JSON.stringify(context.fingerprint())},`);
  const descriptor = (fullName: string): string => {
    const local = names.local(fullName, "value");
    return namedType(context.model, fullName).kind === "record" ? `${local}.schema` : local;
  };
  if (context.registered.references.length > 0)
    file.line(`${indent}references: () => [${context.registered.references.map(descriptor).join(", ")}],`);
  if (context.registered.nested.length > 0)
    file.line(`${indent}nested: () => [${context.registered.nested.map(descriptor).join(", ")}],`);
  if (context.longs === "bigint") file.line(`${indent}longs: "bigint",`);
}

function fieldValue(field: FieldModel, record: RecordModel, names: ExpressionContext): string {
  const given = `init.${field.name}`;
  const converted = convertExpression(given, field.type, names);
  if (field.default === undefined) return converted;
  const fallback = defaultExpression(field.default.value, field.type, names);
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
  return `${given} === undefined ? ${fallback} : ${converted}`;
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

/**
 * Local identifiers for the named types and runtime helpers a file uses, imported on first use. A name
 * already taken in the file (the file's own type, or another type's simple name) is imported under its
 * full name with dots as underscores.
 */
function localNames(file: TsFile, own: NamedModel, context: EmitContext): ExpressionContext {
  const ownPath = context.paths.get(own.fullName) ?? "";
  const byLocal = new Map<string, string>([[typeIdentifier(own), own.fullName]]);
  const localOf = new Map<string, string>([[own.fullName, typeIdentifier(own)]]);
  const local = (fullName: string, as: "value" | "type" | "init"): string => {
    let name = localOf.get(fullName);
    const type = namedType(context.model, fullName);
    if (name === undefined) {
      name = typeIdentifier(type);
      if (byLocal.has(name) || byLocal.has(`${name}Init`)) name = fullName.split(".").join("_");
      byLocal.set(name, fullName);
      localOf.set(fullName, name);
    }
    if (fullName === own.fullName) return as === "init" ? `${name}Init` : name;
    const module = relativeImport(ownPath, context.paths.get(fullName) ?? "");
    const exported = typeIdentifier(type);
    if (as === "init") return file.import(module, `${exported}Init`, { typeOnly: true, local: `${name}Init` });
    return file.import(module, exported, { typeOnly: as === "type", local: name });
  };
  const runtime = (name: string): string =>
    file.import(context.runtimeModule, name, byLocal.has(name) ? { local: `$${name}` } : {});
  return { model: context.model, longs: context.longs, local, runtime };
}
