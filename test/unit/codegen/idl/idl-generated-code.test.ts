import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_OK, runCli } from "../../../../codegen/cli.js";

// Classes generated from the IDL corpus compile under the project's strict compiler options.

const ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
const IDL_CODEGEN_FILES: readonly string[] = [
  "issue-example",
  "logical-types",
  "optional",
  "unions",
  "cycle",
  "confluent-style",
  "schema-syntax",
  "schema-syntax-anonymous",
  "status-schema",
  "messages",
  "interop",
  "echo",
  "mr-events",
  "uuid",
  "namespaces",
  "forward-ref",
  "properties",
  "comments",
  "keywords-as-names",
  "imports/nested-import",
].map((name) => `test/fixtures/idl/${name}.avdl`);

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "schemakit-idl-gen-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("code generated from Avro IDL", () => {
  it("generates one class per named type and compiles under the strict tsconfig", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(["generate", ...IDL_CODEGEN_FILES, "--out", join(dir, "gen")], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      cwd: ROOT,
    });
    expect(err).toEqual([]);
    expect(code).toBe(EXIT_OK);
    expect(out[0]).toMatch(/: 20 schema files, 77 types → 77 files in /);
    // As in a user's project: generated code is ES modules, which NodeNext takes from the nearest
    // package.json (without one the files would be CommonJS, and a stray /tmp/package.json decided).
    await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    await writeFile(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        extends: join(ROOT, "tsconfig.json"),
        // The generated files live outside the repository; everything they import lives inside it.
        compilerOptions: { noEmit: true, rootDir: "/", typeRoots: [join(ROOT, "node_modules/@types")] },
        include: ["gen/**/*.ts"],
      }),
    );
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(join(ROOT, "node_modules/.bin/tsc"), ["-p", join(dir, "tsconfig.json")], (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), output: `${stdout}${stderr}` });
      });
    });
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  }, 120_000);
});
