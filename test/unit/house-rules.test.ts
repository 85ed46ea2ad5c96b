import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Rules a formatter cannot keep: line width for comments and strings too, and no pointer to a document
// that lives outside the repository.

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FOLDERS = ["src", "codegen", "test", "scripts", "examples"];
// Generated code keeps the width the generator gives it (goldens are byte-for-byte expectations).
const GENERATED = /^(test\/unit\/codegen\/golden|examples\/(evolution\/)?generated|test\/bench\/protobuf\/generated)\//;

function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sources(path);
    return /\.(ts|mjs)$/.test(entry.name) ? [relative(ROOT, join(ROOT, path))] : [];
  });
}

const files = FOLDERS.flatMap(sources).filter((file) => !GENERATED.test(file));

describe("house rules", () => {
  it("no source line is wider than 120 columns", () => {
    const wide = files.flatMap((file) =>
      readFileSync(join(ROOT, file), "utf8")
        .split("\n")
        .flatMap((line, index) => ([...line].length > 120 ? [`${file}:${index + 1} (${[...line].length})`] : [])),
    );
    expect(wide).toEqual([]);
  });

  it("no comment points at a document outside the repository", () => {
    // This file names the patterns it looks for, so it is not scanned itself.
    const pointers = files
      .filter((file) => file !== "test/unit/house-rules.test.ts")
      .flatMap((file) =>
        readFileSync(join(ROOT, file), "utf8")
          .split("\n")
          .flatMap((line, index) =>
            /(^|[^A-Z])design\.md|conventions\.md|the conventions|\.\.\/shared\/(reference|hooks)\//.test(line)
              ? [`${file}:${index + 1}`]
              : [],
          ),
      );
    expect(pointers).toEqual([]);
  });
});
