import type { NamedModel, SchemaModel } from "../model/avro-model.js";
import { namedOf } from "./named-of.js";
import { type ImportSymbol, TsFile } from "./ts-file.js";
import { compareStrings, typeIdentifier } from "./ts-names.js";

/** The file the typed topic bindings are written to, relative to the output folder. */
const TOPICS_PATH = "topics.ts";

/**
 * The one place that knows the output layout: which file each named type is written to, what it exports,
 * and the runtime module generated code imports from. Emitters get files and symbols from it and never
 * see a module path.
 */
export class OutputLayout {
  readonly #model: SchemaModel;
  readonly #runtimeModule: string;
  readonly #paths: ReadonlyMap<string, string>;

  constructor(model: SchemaModel, runtimeModule: string) {
    this.#model = model;
    this.#runtimeModule = runtimeModule;
    this.#paths = outputPaths(model.types.values());
  }

  /** A new, empty file for the named type `fullName`. */
  typeFile(fullName: string): TsFile {
    return new TsFile(this.#pathOf(fullName));
  }

  /** A new, empty file for the topic bindings. */
  topicsFile(): TsFile {
    return new TsFile(TOPICS_PATH);
  }

  /** A named type's value: the class of a record, the descriptor const of an enum or fixed. */
  value(fullName: string): ImportSymbol {
    return this.#typeSymbol(fullName, "", false);
  }

  /** A named type as a type: the record class, the enum's union of symbols, the fixed's value type. */
  type(fullName: string): ImportSymbol {
    return this.#typeSymbol(fullName, "", true);
  }

  /** The constructor input type of a record (`<Name>Init`). */
  init(fullName: string): ImportSymbol {
    return this.#typeSymbol(fullName, "Init", true);
  }

  /** An export of the runtime module (`defineAvroRecord`, `AvroRecordType`, `pickRecord`, …). */
  runtime(name: string, options: { readonly typeOnly?: boolean } = {}): ImportSymbol {
    return { name, from: { kind: "package", module: this.#runtimeModule }, typeOnly: options.typeOnly === true };
  }

  #typeSymbol(fullName: string, suffix: "" | "Init", typeOnly: boolean): ImportSymbol {
    const type = namedOf(this.#model, fullName);
    const stem = typeIdentifier(type);
    return {
      name: `${stem}${suffix}`,
      from: { kind: "output", path: this.#pathOf(fullName) },
      typeOnly,
      family: { stem, suffixes: type.kind === "record" ? ["", "Init"] : [""], alias: fullName.split(".").join("_") },
    };
  }

  #pathOf(fullName: string): string {
    const path = this.#paths.get(fullName);
    if (path === undefined) throw new Error(`codegen: no type ${fullName} in the model`);
    return path;
  }
}

/** kebab-case of an Avro name: "OrderPlaced" → "order-placed", "HTTPRequest" → "http-request". */
function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .replace(/_/g, "-")
    .toLowerCase();
}

/**
 * Output paths of every named type, relative to the output folder: the namespace as folders, the name in
 * kebab-case, `.avro.ts`. Two names that kebab-case alike in one namespace get a numeric suffix, given in
 * full-name order so that it never depends on input order.
 */
function outputPaths(types: Iterable<NamedModel>): Map<string, string> {
  const paths = new Map<string, string>();
  const taken = new Set<string>();
  for (const type of [...types].sort((a, b) => compareStrings(a.fullName, b.fullName))) {
    const folder = type.namespace === "" ? "" : `${type.namespace.split(".").join("/")}/`;
    const stem = `${folder}${kebabCase(type.name)}`;
    let path = `${stem}.avro.ts`;
    for (let n = 2; taken.has(path.toLowerCase()); n += 1) path = `${stem}-${n}.avro.ts`;
    taken.add(path.toLowerCase());
    paths.set(type.fullName, path);
  }
  return paths;
}
