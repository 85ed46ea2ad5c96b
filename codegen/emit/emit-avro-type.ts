import type { EnumModel, FixedModel, NamedModel } from "../model/avro-model.js";
import type { EmitContext, Emitting } from "./avro-emit-context.js";
import { descriptorFields } from "./descriptor-fields.js";
import { emitRecord } from "./emit-avro-record.js";
import { aliasTags } from "./schema-notes.js";
import type { TsFile } from "./ts-file.js";
import { tsdoc } from "./tsdoc.js";

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
      ? `A decimal (precision ${type.logical?.precision ?? "?"}, scale ${type.logical?.scale ?? 0}) as exact ` +
        `decimal text, in ${type.size} bytes.`
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
