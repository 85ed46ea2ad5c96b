/** One import of a generated file: a value, or a type-only name, from a module, under a local name. */
interface ImportEntry {
  readonly module: string;
  readonly name: string;
  readonly local: string;
  typeOnly: boolean;
}

/**
 * A generated TypeScript file: a header, imports that it manages (sorted, merged per module, a name
 * imported as a value and as a type imported once), and body lines. Never concatenates import strings.
 */
export class TsFile {
  readonly #imports = new Map<string, ImportEntry>();
  readonly #body: string[] = [];

  /** Imports `name` from `module` (under `local`), as a value unless `typeOnly`; returns the local name. */
  import(module: string, name: string, options: { readonly typeOnly?: boolean; readonly local?: string } = {}): string {
    const local = options.local ?? name;
    const key = `${module}\u0000${name}\u0000${local}`;
    const entry = this.#imports.get(key);
    if (entry === undefined) this.#imports.set(key, { module, name, local, typeOnly: options.typeOnly === true });
    else if (options.typeOnly !== true) entry.typeOnly = false;
    return local;
  }

  /** Whether `local` is already imported from a module other than `module`. */
  importsLocal(local: string, module: string): boolean {
    for (const entry of this.#imports.values()) if (entry.local === local && entry.module !== module) return true;
    return false;
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
      return a < b ? -1 : a > b ? 1 : 0;
    });
    const importLines = modules.map((module) => {
      const entries = (byModule.get(module) ?? []).sort((a, b) => (a.local < b.local ? -1 : a.local > b.local ? 1 : 0));
      // All type-only: `import type`, so that no module is loaded for types alone (verbatimModuleSyntax
      // would otherwise keep an empty `import {}` with its side effects).
      const allTypes = entries.every((entry) => entry.typeOnly);
      const specifiers = entries.map(
        (entry) =>
          `${entry.typeOnly && !allTypes ? "type " : ""}${entry.name === entry.local ? entry.name : `${entry.name} as ${entry.local}`}`,
      );
      return `import ${allTypes ? "type " : ""}{ ${specifiers.join(", ")} } from "${module}";`;
    });
    const body = [...this.#body];
    while (body.length > 0 && body[body.length - 1] === "") body.pop();
    return [...header, "", ...importLines, ...(importLines.length > 0 ? [""] : []), ...body, ""].join("\n");
  }
}
