import type { IdlDocument } from "./idl-reader.js";
import { SchemaJsonWriter } from "./schema-json.js";

/**
 * The schemas code generation reads from an IDL (or .avpr) file and its imports, one JSON schema per
 * entry. Each file contributes the same entries however it is reached (given directly or imported), so
 * a type read twice is recognised as one: an imported .avsc as its JSON, as written; a type defined in
 * IDL or an .avpr on its own, with full names and every other named type referred to by name.
 */
export function codegenSchemas(document: IdlDocument): unknown[] {
  const lookup = (fullName: string) => document.types.get(fullName);
  const all = document.types.values();
  const writer = new SchemaJsonWriter(
    lookup,
    all.map((type) => type.fullName),
  );
  const entries: unknown[] = [];
  const jsonFiles = new Set<string>();
  for (const type of all) {
    if (type.origin.format === "avsc") {
      if (jsonFiles.has(type.origin.path)) continue;
      jsonFiles.add(type.origin.path);
      const json = document.files.find((file) => file.path === type.origin.path)?.json;
      entries.push(...(Array.isArray(json) ? json : [json]));
      continue;
    }
    // Written in full itself, every other named type only by name.
    writer.known.delete(type.fullName);
    entries.push(writer.schema(type, null));
  }
  return entries;
}
