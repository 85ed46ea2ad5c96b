import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT_FINDING, EXIT_OK, EXIT_USAGE, runCli } from "../../../codegen/cli.js";
import { localSubjects } from "../../../codegen/registry/local-subjects.js";

// The registry commands' offline behaviour: usage errors, a missing registry, and `check --lock`, which
// reads no registry. Their registry behaviour is tested against the real registry in
// test/integration/schema-evolution-cli.test.ts.

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "schemakit-registry-commands-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(path: string, json: unknown): Promise<void> {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), typeof json === "string" ? json : JSON.stringify(json));
}

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line), cwd: dir, env: {} });
  return { code, out, err };
}

const order = (...fields: object[]) => ({
  type: "record",
  name: "Order",
  namespace: "com.acme",
  fields: [{ name: "id", type: "string" }, ...fields],
});

async function project(): Promise<string> {
  await put("schemakit.config.json", { inputs: ["schemas"], topics: { orders: { value: "com.acme.Order" } } });
  await put("schemas/order.avsc", order());
  const [subject] = localSubjects(
    [{ file: "order.avsc", sha256: "0", schemas: [order()], paths: ["$"] }],
    [{ topic: "orders", value: "com.acme.Order" }],
    "registry",
    "c.json",
  );
  return subject?.schema.fingerprint ?? "";
}

describe("schemakit check --lock", () => {
  it("exit 0 when every bound subject is locked with the local fingerprint, 1 when one is not", async () => {
    const fingerprint = await project();
    const locked = { schema: "com.acme.Order", version: 2, id: 9, fingerprint };
    await put("schemakit.lock.json", { lockfileVersion: 1, subjects: { "orders-value": locked } });
    const ok = await run("check", "--lock");
    expect(ok).toEqual({
      code: EXIT_OK,
      out: ["schemakit check --lock: 1 subject in schemakit.lock.json: up to date"],
      err: [],
    });

    // A field added: the fingerprint moves, the lockfile is out of step.
    await put("schemas/order.avsc", order({ name: "note", type: ["null", "string"], default: null }));
    const stale = await run("check", "--lock", "--format", "json");
    expect(stale.code).toBe(EXIT_FINDING);
    expect(JSON.parse(stale.out.join("\n"))).toEqual({
      upToDate: false,
      lockfile: "schemakit.lock.json",
      findings: [
        {
          subject: "orders-value",
          schema: "com.acme.Order",
          problem: "fingerprint",
          message: expect.stringMatching(
            new RegExp(`^com\\.acme\\.Order changed since version 2 \\(id 9\\) was locked: .*locked ${fingerprint}$`),
          ),
        },
      ],
    });
  });

  it("exit 1 for a missing lockfile or subject, 2 for a malformed lockfile", async () => {
    await project();
    const missingFile = await run("check", "--lock");
    expect(missingFile.code).toBe(EXIT_FINDING);
    expect(missingFile.out[0]).toBe("stale: schemakit.lock.json does not exist");
    await put("schemakit.lock.json", { lockfileVersion: 1, subjects: {} });
    expect((await run("check", "--lock")).out[0]).toBe("stale: subject orders-value is not in the lockfile");
    await put("schemakit.lock.json", { lockfileVersion: 1, subjects: { "orders-value": { id: "9" } } });
    const malformed = await run("check", "--lock");
    expect(malformed.code).toBe(EXIT_USAGE);
    expect(malformed.err[0]).toMatch(/^schemakit check: read schemakit\.lock\.json: not a schemakit lockfile: /);
  });
});

describe("registry commands: usage and input errors (exit 2, one line, no stack)", () => {
  it("refuses bad arguments and a missing registry", async () => {
    await project();
    const cases: [string[], RegExp][] = [
      [["check"], /invalid option "--registry": expected a registry URL .* or --against OLD/],
      [["check", "--lock", "--against", "v1"], /--lock checks the lockfile alone/],
      [["check", "schemas"], /no --against given/],
      [["check", "--against", "v1", "--registry", "http://r"], /give one of them/],
      [["register"], /invalid option "--registry": expected a registry URL/],
      [["register", "extra"], /unexpected argument "extra"/],
      [["register", "--format", "xml"], /--format must be text or json/],
      [["lock", "--dry-run"], /lock takes neither --dry-run nor --no-lockfile/],
      [["pull", "--out", "x"], /no subjects given/],
      [["pull", "orders-value"], /no --out DIR given/],
      [["pull", "orders-value@0", "--out", "x"], /"SUBJECT@VERSION": expected a version number from 1, or latest/],
      [["compat"], /expected get or set, got nothing/],
      [["compat", "get", "a", "b"], /too many arguments for compat get/],
      [["compat", "set"], /compat set needs a LEVEL/],
      [["compat", "get"], /invalid option "--registry"/],
      [["compat", "set", "SIDEWAYS", "--registry", "http://127.0.0.1:9"], /expected one of NONE, BACKWARD/],
    ];
    for (const [argv, message] of cases) {
      const result = await run(...argv);
      expect(result.code, argv.join(" ")).toBe(EXIT_USAGE);
      expect(result.err[0], argv.join(" ")).toMatch(message);
      expect(result.err.join("\n")).not.toMatch(/\n\s+at /);
    }
  });

  it("with --format json, a failure is also a JSON error on stdout", async () => {
    await project();
    for (const argv of [["check"], ["register"], ["pull", "x", "--out", "o"], ["compat", "get"]]) {
      const result = await run(...argv, "--format", "json");
      expect(result.code, argv.join(" ")).toBe(EXIT_USAGE);
      expect(JSON.parse(result.out.join("\n")), argv.join(" ")).toEqual({
        error: {
          name: "ConfigError",
          code: "CONFIG_INVALID",
          message: expect.stringMatching(/^invalid option "--registry"/),
        },
      });
      expect(result.err).toHaveLength(1);
    }
  });
});
