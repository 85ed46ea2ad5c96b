import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { readIdlFile, toJavaJson } from "../../codegen/load/idl/index.js";
import { CodegenInputError } from "../../src/errors/index.js";
import { type JavaIdlResult, javaIdl } from "../support/avro-idl-oracle.js";

// The IDL reader against Apache Avro's own IDL compiler (avro-idl 1.12 from Maven Central): for every
// .avdl of the corpus, the schemas (or protocol) we derive equal Java's, as parsed JSON with keys sorted.
// The files under invalid/ must be rejected by both.

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CORPUS = join(ROOT, "test/fixtures/idl");

function avdlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? avdlFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .filter((path) => path.endsWith(".avdl"))
    .sort();
}

const files = avdlFiles(CORPUS).map((path) => relative(ROOT, path));
const valid = files.filter((file) => !file.includes("/invalid/"));
const invalid = files.filter((file) => file.includes("/invalid/"));

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

function ours(file: string): unknown {
  try {
    return toJavaJson(readIdlFile(join(ROOT, file), { cwd: ROOT }));
  } catch (error) {
    if (error instanceof CodegenInputError) return { error: error.message };
    throw error;
  }
}

describe("Avro IDL: schemakit's reader against Apache Avro's IDL compiler (Java)", () => {
  const java = new Map<string, JavaIdlResult>();

  beforeAll(async () => {
    for (const result of await javaIdl(files, ROOT)) java.set(result.file, result);
  }, 600_000);

  it("has a corpus of at least 30 valid files and some invalid ones", () => {
    expect(valid.length).toBeGreaterThanOrEqual(30);
    expect(invalid.length).toBeGreaterThanOrEqual(10);
  });

  it.each(valid)("%s: the same schemas as Java", (file) => {
    const expected = java.get(file);
    expect(expected, `Java printed nothing for ${file}`).toBeDefined();
    expect(expected && "error" in expected ? expected.error : undefined).toBeUndefined();
    const { file: _file, ...derived } = expected as JavaIdlResult;
    expect(canonical(ours(file))).toEqual(canonical(derived));
  });

  it.each(invalid)("%s: rejected by Java and by schemakit", (file) => {
    const expected = java.get(file);
    expect(expected && "error" in expected ? expected.error : undefined).toBeDefined();
    const result = ours(file) as { error?: string };
    expect(result.error).toMatch(new RegExp(`^read ${file.replaceAll(".", "\\.")}:\\d+:\\d+: `));
  });
});
