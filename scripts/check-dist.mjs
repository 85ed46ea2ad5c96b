// Loads every public entry point of the built package in plain Node (no bundler, no tsx): what a user's
// `import "schemakit/..."` does. Catches what the tests cannot see through vitest's module interop, e.g.
// a named import that a CommonJS dependency does not expose to Node's ESM loader.
import { readFileSync } from "node:fs";

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const subpaths = Object.keys(manifest.exports).filter((subpath) => subpath !== "./package.json");
for (const subpath of subpaths) {
  const specifier = subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
  const loaded = await import(specifier);
  console.log(`${specifier}: ${Object.keys(loaded).length} exports`);
}
