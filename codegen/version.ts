import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// The nearest package.json above this file: the same answer from source (tests) and from dist/.
function readOwnPackageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const json = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (json.name === "schemakit" && typeof json.version === "string") return json.version;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`schemakit: package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export const SCHEMAKIT_VERSION: string = readOwnPackageVersion();
