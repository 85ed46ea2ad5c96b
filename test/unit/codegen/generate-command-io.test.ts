import { execFile, execFileSync } from "node:child_process";
import { closeSync, constants, openSync } from "node:fs";
import * as fs from "node:fs/promises";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EXIT_OK, EXIT_USAGE, runCli } from "../../../codegen/cli.js";

// Paths whose reads and writes fail with the error Node gives for a file without permission. Root (as
// in CI containers) is never refused by file modes, so the refusal is injected at the fs module.
const denied = new Set<string>();

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  const refuse = (syscall: string, path: unknown): Error =>
    Object.assign(new Error(`EACCES: permission denied, ${syscall} '${String(path)}'`), {
      errno: -13,
      code: "EACCES",
      syscall,
      path: String(path),
    });
  const guarded =
    <A extends unknown[], R>(syscall: string, run: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      denied.has(String(args[0])) ? Promise.reject(refuse(syscall, args[0])) : run(...args);
  return {
    ...actual,
    readFile: guarded("open", actual.readFile),
    writeFile: guarded("open", actual.writeFile),
    readdir: guarded("scandir", actual.readdir),
    mkdir: guarded("mkdir", actual.mkdir),
  };
});

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SCHEMA = JSON.stringify({ type: "record", name: "A", namespace: "t", fields: [{ name: "id", type: "string" }] });

let dir: string;
const fifos: string[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "schemakit-generate-io-"));
  await mkdir(join(dir, "schemas"));
  await writeFile(join(dir, "schemas/a.avsc"), SCHEMA);
});

afterEach(async () => {
  denied.clear();
  // A reader stuck opening a FIFO is released by a writer opening it.
  for (const fifo of fifos.splice(0)) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader was waiting.
    }
  }
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(["generate", ...argv], {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    cwd: dir,
  });
  return { code, out, err };
}

async function generatedFiles(): Promise<string[]> {
  return (await fs.readdir(join(dir, "gen"), { recursive: true })).map(String).sort();
}

function nestedArrays(depth: number): string {
  let type = '"string"';
  for (let level = 0; level < depth; level += 1) type = `{"type":"array","items":${type}}`;
  return `{"type":"record","name":"Deep","fields":[{"name":"x","type":${type}}]}`;
}

describe("schemakit generate: input with no schema files", () => {
  it("exits 2, keeps what was generated before, and --check fails too", async () => {
    expect((await run("schemas", "--out", "gen")).code).toBe(EXIT_OK);
    const before = await generatedFiles();
    expect(before).toContain("t/a.avro.ts");
    await mkdir(join(dir, "empty"));
    await writeFile(join(dir, "empty/README.md"), "no schemas here\n");

    const empty = await run("empty", "--out", "gen");
    expect(empty.code).toBe(EXIT_USAGE);
    expect(empty.err).toEqual([
      "schemakit generate: read empty: no schema files (.avsc, .avdl, .avpr, .proto) found; " +
        "nothing was generated or removed",
    ]);
    expect(await generatedFiles()).toEqual(before);

    const check = await run("empty", "--out", "gen", "--check");
    expect(check.code).toBe(EXIT_USAGE);
    expect(check.err.join("\n")).toMatch(/no schema files/);
  });
});

describe("schemakit generate: file-system failures are typed, exit 2, never a stack", () => {
  it("--out naming a file", async () => {
    await writeFile(join(dir, "gen"), "not a folder\n");
    for (const extra of [[], ["--check"]]) {
      const result = await run("schemas", "--out", "gen", ...extra);
      expect(result.code).toBe(EXIT_USAGE);
      expect(result.err).toEqual(["schemakit generate: write gen: the output path exists and is not a folder"]);
    }
    expect(await readFile(join(dir, "gen"), "utf8")).toBe("not a folder\n");
  });

  it("--out below a file", async () => {
    await writeFile(join(dir, "file"), "x");
    const result = await run("schemas", "--out", "file/gen");
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.err).toEqual([
      "schemakit generate: write file/gen: a part of the output path is a file, not a folder",
    ]);
  });

  it("EACCES reading a schema file", async () => {
    denied.add(join(dir, "schemas/a.avsc"));
    const result = await run("schemas", "--out", "gen");
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.err).toEqual(["schemakit generate: read schemas/a.avsc: cannot read: permission denied (EACCES)"]);
  });

  it("EACCES listing an input folder", async () => {
    denied.add(join(dir, "schemas"));
    const result = await run("schemas", "--out", "gen");
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.err).toEqual([
      `schemakit generate: read ${join(dir, "schemas")}: cannot list the folder: permission denied (EACCES)`,
    ]);
  });

  it("EACCES writing, creating a folder for, and reading a generated file", async () => {
    denied.add(join(dir, "gen/t/a.avro.ts"));
    const write = await run("schemas", "--out", "gen");
    expect(write.code).toBe(EXIT_USAGE);
    expect(write.err).toEqual(["schemakit generate: write gen/t/a.avro.ts: permission denied (EACCES)"]);

    denied.clear();
    await rm(join(dir, "gen"), { recursive: true });
    denied.add(join(dir, "gen/t"));
    const folder = await run("schemas", "--out", "gen");
    expect(folder.code).toBe(EXIT_USAGE);
    expect(folder.err).toEqual(["schemakit generate: write gen/t/a.avro.ts: permission denied (EACCES)"]);

    denied.clear();
    expect((await run("schemas", "--out", "gen")).code).toBe(EXIT_OK);
    denied.add(join(dir, "gen/t/a.avro.ts"));
    for (const extra of [[], ["--check"]]) {
      const read = await run("schemas", "--out", "gen", ...extra);
      expect(read.code).toBe(EXIT_USAGE);
      expect(read.err).toEqual(["schemakit generate: read gen/t/a.avro.ts: permission denied (EACCES)"]);
    }
  });

  it("3,000-deep nesting, naming the file and where the limit was crossed", async () => {
    await writeFile(join(dir, "schemas/deep.avsc"), nestedArrays(3_000));
    const result = await run("schemas", "--out", "gen");
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(
      new RegExp(
        "^schemakit generate: read schemas/deep\\.avsc at \\$\\.fields\\[0\\]\\.type\\.items…\\(\\d+ more\\)….*: " +
          "the schema is nested deeper than 1000 levels",
      ),
    );
  });

  it("nesting up to the limit still generates", async () => {
    // 997 arrays inside the record, its fields array and the field: 1,000 levels.
    await writeFile(join(dir, "schemas/deep.avsc"), nestedArrays(997));
    const result = await run("schemas/deep.avsc", "--out", "gen");
    expect(result.err).toEqual([]);
    expect(result.code).toBe(EXIT_OK);
    // A budget for a loaded machine (about 1.5 s alone), not a measurement.
  }, 30_000);
});

describe("schemakit generate: non-regular files named like schemas", () => {
  it.each([
    ["inside a searched folder", "schemas"],
    ["given explicitly", "schemas/pipe.avsc"],
  ])("a FIFO %s is refused, without blocking", async (_case, input) => {
    const fifo = join(dir, "schemas/pipe.avsc");
    execFileSync("mkfifo", [fifo]);
    fifos.push(fifo);
    const result = await run(input, "--out", "gen");
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.err).toEqual([`schemakit generate: read ${fifo}: not a regular file (a FIFO, socket or device)`]);
  });
});

describe("the schemakit binary", () => {
  // The process as users run it: exit status and stderr, which must never carry a stack trace.
  const bin = (...argv: string[]): Promise<{ code: number; stderr: string }> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        ["--import", "tsx", join(ROOT, "codegen/bin.ts"), "generate", ...argv],
        { cwd: ROOT },
        (error, _stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stderr }),
      );
    });

  it("exits 2 with one line for --out naming a file and for 3,000-deep nesting", async () => {
    await writeFile(join(dir, "gen"), "x");
    await writeFile(join(dir, "deep.avsc"), nestedArrays(3_000));
    for (const argv of [
      [join(dir, "schemas"), "--out", join(dir, "gen")],
      [join(dir, "deep.avsc"), "--out", join(dir, "gen2")],
    ]) {
      const { code, stderr } = await bin(...argv);
      expect(code).toBe(EXIT_USAGE);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);
});
