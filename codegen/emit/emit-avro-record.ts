import { CodegenInputError } from "../../src/errors/index.js";
import type { FieldModel, RecordModel } from "../model/avro-model.js";
import type { Emitting } from "./avro-emit-context.js";
import { defaultExpression } from "./default-value.js";
import { descriptorFields } from "./descriptor-fields.js";
import { aliasTags, describeType } from "./schema-notes.js";
import { classFieldName, isObjectMember } from "./ts-names.js";
import { tsdoc } from "./tsdoc.js";
import { convertExpression, type ExpressionContext, initType, valueType } from "./type-expressions.js";

/** A record: its `Init` input type and its class, whose static `schema` is the runtime descriptor. */
export function emitRecord(type: RecordModel, emit: Emitting): void {
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
      `the default ${JSON.stringify(field.default.value)} of field "${field.name}" does not match its type ` +
        describeType(field.type),
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
