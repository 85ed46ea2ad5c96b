import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as {
  exports: Record<string, string | { types: string; default: string }>;
  bin: Record<string, string>;
};

// dist/src/x/index.js is compiled from src/x/index.ts: every published path must have its source.
function sourceOf(distPath: string): string {
  return distPath.replace(/^\.\/dist\//, root).replace(/\.d\.ts$|\.js$/, ".ts");
}

describe("package.json", () => {
  it("exposes the documented subpaths", () => {
    expect(Object.keys(pkg.exports).sort()).toEqual(
      [
        ".",
        "./codegen",
        "./compat",
        "./errors",
        "./package.json",
        "./producer",
        "./registry",
        "./runtime/v1",
        "./serde",
      ].sort(),
    );
  });

  it.each(Object.entries(pkg.exports).filter(([key]) => key !== "./package.json"))(
    "export %s points at compiled sources that exist",
    (_key, target) => {
      expect(typeof target).toBe("object");
      const { types, default: js } = target as { types: string; default: string };
      expect(sourceOf(types)).toBe(sourceOf(js));
      expect(existsSync(sourceOf(js))).toBe(true);
    },
  );

  it("has a schemakit bin compiled from an existing source", () => {
    expect(existsSync(sourceOf(pkg.bin["schemakit"] ?? ""))).toBe(true);
  });
});
