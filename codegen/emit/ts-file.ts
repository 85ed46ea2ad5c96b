import { compareStrings, isReservedIdentifier } from "./ts-names.js";

/**
 * Where a symbol is exported from: a package (the runtime), or a file of the generated output, by its path
 * relative to the output folder. The printer turns an output path into an import specifier relative to the
 * file being written, so that nothing else needs to.
 */
export type SymbolSource =
  | { readonly kind: "package"; readonly module: string }
  | { readonly kind: "output"; readonly path: string };

/** A name that a module exports, as generated code refers to it. */
export interface ImportSymbol {
  readonly name: string;
  readonly from: SymbolSource;
  /** Referred to in type positions only: imported with `type`, so no module is loaded for it alone. */
  readonly typeOnly: boolean;
  /** The names its module exports for the same thing, renamed together; alone when absent. */
  readonly family?: SymbolFamily;
}

/**
 * The names a module exports for one thing (a record's class and its `Init`, a message and its schema):
 * in a file that must rename one, all are renamed alike, so that `Money` and `MoneyInit` never name two
 * different types side by side.
 */
export interface SymbolFamily {
  /** What the names share: each is `stem` plus one of `suffixes`. */
  readonly stem: string;
  readonly suffixes: readonly string[];
  /** The stem to use when a member's name is taken (a named type's: its full name, `_` for dots). */
  readonly alias: string;
}

interface ImportEntry {
  readonly module: string;
  readonly name: string;
  readonly local: string;
  typeOnly: boolean;
}

/**
 * A generated TypeScript file: the one place that decides which names it imports, under which local
 * identifiers, and how the import lines read (sorted, merged per module, `import type` when only types are
 * used). Emitters declare the names the file exports, ask for symbols and print the identifier they get
 * back; they never write an import or a module path.
 *
 * Local names: a declared export keeps its name (the emitter made it safe with typeIdentifier). An import
 * keeps its own name when that is free, else its family takes the alias stem, else the first free
 * `<alias>$<n>` stem; a family's names are chosen, and kept free, together on first use of any of them.
 * Free means not reserved (a reserved word, a global the code uses, a local variable it declares), not
 * exported by the file, and not the local of another import. Imports are named in order of first use, so
 * the same emitter calls give the same bytes.
 */
export class TsFile {
  /** Path of this file relative to the output folder. */
  readonly path: string;
  readonly #exports = new Set<string>();
  readonly #imports = new Map<string, ImportEntry>();
  readonly #locals = new Set<string>();
  /** The local stem of each family imported so far, by module and stem. */
  readonly #stems = new Map<string, string>();
  readonly #body: string[] = [];

  constructor(path: string) {
    this.path = path;
  }

  /**
   * Declares a top-level name the file exports and returns it. Declare every export before asking for
   * symbols: an import that already took the name is a generator bug, and throws.
   */
  export(name: string): string {
    if (isReservedIdentifier(name) || this.#exports.has(name) || this.#locals.has(name))
      throw new Error(`codegen: cannot export ${name} from ${this.path}: the name is reserved or taken`);
    this.#exports.add(name);
    return name;
  }

  /**
   * The local identifier of `symbol` in this file: imported on first use (as a value once any use is not
   * type-only); a symbol of this very file is referred to by its own name, once exported.
   */
  use(symbol: ImportSymbol): string {
    if (symbol.from.kind === "output" && symbol.from.path === this.path) {
      if (!this.#exports.has(symbol.name))
        throw new Error(`codegen: ${this.path} uses ${symbol.name} before exporting it`);
      return symbol.name;
    }
    const module = symbol.from.kind === "package" ? symbol.from.module : relativeImport(this.path, symbol.from.path);
    const key = `${module}\u0000${symbol.name}`;
    const entry = this.#imports.get(key);
    if (entry !== undefined) {
      if (!symbol.typeOnly) entry.typeOnly = false;
      return entry.local;
    }
    const family = symbol.family ?? { stem: symbol.name, suffixes: [""], alias: symbol.name };
    const suffix = symbol.name.slice(family.stem.length);
    if (!symbol.name.startsWith(family.stem) || !family.suffixes.includes(suffix))
      throw new Error(`codegen: ${symbol.name} is not a name of the family ${family.stem}`);
    const familyKey = `${module}\u0000${family.stem}`;
    let stem = this.#stems.get(familyKey);
    if (stem === undefined) {
      stem = this.#freeStem(family);
      this.#stems.set(familyKey, stem);
      for (const member of family.suffixes) this.#locals.add(`${stem}${member}`);
    }
    const local = `${stem}${suffix}`;
    this.#imports.set(key, { module, name: symbol.name, local, typeOnly: symbol.typeOnly });
    return local;
  }

  line(text = ""): void {
    this.#body.push(text);
  }

  lines(texts: readonly string[]): void {
    for (const text of texts) this.#body.push(text);
  }

  /** The file's text: header, imports (package modules first, then relative ones, each sorted), body. */
  render(header: readonly string[]): string {
    const byModule = new Map<string, ImportEntry[]>();
    for (const entry of this.#imports.values()) {
      const list = byModule.get(entry.module) ?? [];
      list.push(entry);
      byModule.set(entry.module, list);
    }
    const modules = [...byModule.keys()].sort((a, b) => {
      const relativeA = a.startsWith(".");
      const relativeB = b.startsWith(".");
      if (relativeA !== relativeB) return relativeA ? 1 : -1;
      return compareStrings(a, b);
    });
    const importLines = modules.map((module) => {
      const entries = (byModule.get(module) ?? []).sort((a, b) => compareStrings(a.local, b.local));
      // All type-only: `import type`, so that no module is loaded for types alone (verbatimModuleSyntax
      // would otherwise keep an empty `import {}` with its side effects).
      const allTypes = entries.every((entry) => entry.typeOnly);
      const specifiers = entries.map((entry) => {
        const prefix = entry.typeOnly && !allTypes ? "type " : "";
        return `${prefix}${entry.name === entry.local ? entry.name : `${entry.name} as ${entry.local}`}`;
      });
      return `import ${allTypes ? "type " : ""}{ ${specifiers.join(", ")} } from "${module}";`;
    });
    const body = [...this.#body];
    while (body.length > 0 && body[body.length - 1] === "") body.pop();
    return [...header, "", ...importLines, ...(importLines.length > 0 ? [""] : []), ...body, ""].join("\n");
  }

  #freeStem(family: SymbolFamily): string {
    const free = (stem: string): boolean =>
      family.suffixes.every((suffix) => {
        const name = `${stem}${suffix}`;
        return !isReservedIdentifier(name) && !this.#exports.has(name) && !this.#locals.has(name);
      });
    if (free(family.stem)) return family.stem;
    if (free(family.alias)) return family.alias;
    for (let n = 1; ; n += 1) if (free(`${family.alias}$${n}`)) return `${family.alias}$${n}`;
  }
}

/** The import specifier of the output file `to` from the output file `from` (both relative to the output folder). */
function relativeImport(from: string, to: string): string {
  const fromParts = from.split("/").slice(0, -1);
  const toParts = to.split("/");
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) common += 1;
  const up = fromParts.length - common;
  const rest = toParts.slice(common).join("/").replace(/\.ts$/, ".js");
  return up === 0 ? `./${rest}` : `${"../".repeat(up)}${rest}`;
}
