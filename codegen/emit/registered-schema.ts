import type { NamedModel, SchemaModel, TypeModel } from "../model/avro-model.js";
import { namedOf } from "./named-of.js";

/** Whether named types of other source files are Schema Registry references (default) or written inline. */
export type ReferenceMode = "registry" | "inline";

/** The schema a named type's descriptor registers, and what it names. */
export interface RegisteredSchema {
  /** The schema as a JSON value, in the order the definition was written. */
  readonly json: Record<string, unknown>;
  /**
   * Full names of the schemas it references: the top-level types of other source files that define the
   * named types it uses, first use first.
   */
  readonly references: readonly string[];
  /** Full names of the named types defined inside it (not itself), first definition first. */
  readonly nested: readonly string[];
}

/**
 * The schema of `fullName` as its descriptor registers it. A named type is written out in full at its
 * first use and by name after, as Avro requires; in "registry" mode a type from another source file is
 * only named, and becomes a Schema Registry reference. Every definition carries its namespace, and names
 * are written relative to the enclosing namespace: the text reads like the schema the user wrote.
 */
export function registeredSchema(
  model: SchemaModel,
  fullName: string,
  mode: ReferenceMode,
  sourceOf: (fullName: string) => string,
): RegisteredSchema {
  const root = namedOf(model, fullName);
  const rootSource = sourceOf(fullName);
  const written = new Set<string>();
  const references: string[] = [];
  const nested: string[] = [];

  const named = (type: NamedModel, enclosing: string | undefined): unknown => {
    const inline = mode === "inline" || sourceOf(type.fullName) === rootSource;
    if (written.has(type.fullName) || !inline) {
      // Another file's type is reached through the top-level schema that defines it there.
      if (!inline && !references.includes(type.root)) references.push(type.root);
      return type.namespace === enclosing ? type.name : type.fullName;
    }
    written.add(type.fullName);
    if (type.fullName !== fullName) nested.push(type.fullName);
    return definition(type, enclosing);
  };

  const definition = (type: NamedModel, enclosing: string | undefined): Record<string, unknown> => {
    const json: Record<string, unknown> = { type: type.raw["type"], name: type.name };
    if (type.namespace !== (enclosing ?? "")) json["namespace"] = type.namespace;
    for (const [key, value] of Object.entries(type.raw)) {
      if (key !== "type" && key !== "name" && key !== "namespace" && key !== "fields") setOwn(json, key, value);
    }
    if (type.kind === "record") {
      json["fields"] = type.fields.map((field) => {
        const out: Record<string, unknown> = { name: field.name, type: typeJson(field.type, type.namespace) };
        for (const [key, value] of Object.entries(field.raw))
          if (key !== "name" && key !== "type") setOwn(out, key, value);
        return out;
      });
    }
    return json;
  };

  const typeJson = (type: TypeModel, enclosing: string): unknown => {
    switch (type.kind) {
      case "primitive":
        return type.attributes === undefined ? type.name : { type: type.name, ...type.attributes };
      case "array":
        return { type: "array", items: typeJson(type.items, enclosing), ...type.attributes };
      case "map":
        return { type: "map", values: typeJson(type.values, enclosing), ...type.attributes };
      case "union":
        return type.branches.map((branch) => typeJson(branch, enclosing));
      case "named":
        return named(namedOf(model, type.fullName), enclosing);
    }
  };

  written.add(fullName);
  const json = definition(root, undefined);
  return { json, references, nested };
}

// An attribute named __proto__ is data like any other; assigning it would set the object's prototype.
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
