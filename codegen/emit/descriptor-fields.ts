import type { Emitting } from "./avro-emit-context.js";
import { formatJson } from "./format-json.js";
import { namedOf } from "./named-of.js";

/** The lines of schema, fingerprint, references, nested and longs, as every define* helper takes them. */
export function descriptorFields(indent: string, emit: Emitting): void {
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
