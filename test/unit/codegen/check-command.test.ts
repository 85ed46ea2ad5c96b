import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT_FINDING, EXIT_OK, EXIT_USAGE, runCli } from "../../../codegen/cli.js";

// Expected verdicts here follow the Avro specification's resolution rules (a field added without a
// default breaks BACKWARD, ...); the engine's verdicts themselves are checked against Java in
// test/interop/avro-compat-java.test.ts. These tests pin the command: inputs, exit codes, output.

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "schemakit-check-"));
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
  const code = await runCli(["check", ...argv], {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    cwd: dir,
  });
  return { code, out, err };
}

const order = (...fields: object[]) => ({
  type: "record",
  name: "Order",
  namespace: "com.acme",
  fields: [{ name: "id", type: "string" }, ...fields],
});

describe("schemakit check (offline)", () => {
  it("exit 0 and one line per schema when compatible", async () => {
    await put("v1/order.avsc", order());
    await put("v2/order.avsc", order({ name: "note", type: ["null", "string"], default: null }));
    const result = await run("v2", "--against", "v1");
    expect(result.code).toBe(EXIT_OK);
    expect(result.out[0]).toBe("ok com.acme.Order: BACKWARD compatible with 1 earlier version");
    expect(result.out[1]).toMatch(/^schemakit check: 1 schema against 1 version at BACKWARD: compatible \(\d+ ms\)$/);
    expect(result.err).toEqual([]);
  });

  it("exit 1 naming the field, what changed and the usual fix", async () => {
    await put("v1/order.avsc", order());
    await put("v2/order.avsc", order({ name: "note", type: "string" }));
    const result = await run("v2/order.avsc", "--against", "v1/order.avsc");
    expect(result.code).toBe(EXIT_FINDING);
    expect(result.out.slice(0, 4)).toEqual([
      "INCOMPATIBLE com.acme.Order (BACKWARD): 1 finding",
      "  READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (against v1/order.avsc, new reads old)",
      "    `Order.note`: field `note` is new and has no default, so the new schema cannot read data written with " +
        "the old one (which has no `note`).",
      '    fix: give `note` a default (an optional field: a union with null first and "default": null).',
    ]);
    expect(result.out[4]).toMatch(/: 1 incompatible \(\d+ ms\)$/);
  });

  it("--format json: exactly the documented shape", async () => {
    await put("v1/order.avsc", order({ name: "qty", type: "int" }));
    await put("v2/order.avsc", order({ name: "qty", type: "string" }));
    await put("v2/customer.avsc", { type: "record", name: "Customer", namespace: "com.acme", fields: [] });
    const result = await run("v2", "--against", "v1", "--format", "json", "--level", "FULL");
    expect(result.code).toBe(EXIT_FINDING);
    expect(result.out).toHaveLength(1);
    const fix =
      "Usual fix: keep the old type, or add a field with a new name (and a default) for the new type; " +
      "only int→long→float→double and string↔bytes are promoted.";
    const backward =
      "`Order.qty`: the new schema has string where the old schema has int; Avro cannot read int as string, " +
      `so the new schema cannot read data written with the old one. ${fix}`;
    const forward =
      "`Order.qty`: the old schema has int where the new schema has string; Avro cannot read string as int, " +
      `so consumers still on the old schema cannot read data written with the new one. ${fix}`;
    expect(result.out[0]).toBe(
      JSON.stringify(
        {
          compatible: false,
          results: [
            { schema: "com.acme.Customer", subject: null, level: "FULL", compatible: true, incompatibilities: [] },
            {
              schema: "com.acme.Order",
              subject: null,
              level: "FULL",
              compatible: false,
              incompatibilities: [
                {
                  type: "TYPE_MISMATCH",
                  location: "/fields/1/type",
                  message: backward,
                  against: "v1/order.avsc",
                },
                {
                  type: "TYPE_MISMATCH",
                  location: "/fields/1/type",
                  message: forward,
                  against: "v1/order.avsc",
                },
              ],
            },
          ],
        },
        null,
        2,
      ),
    );
  });

  it("--against repeated, oldest first: TRANSITIVE levels check every version, the others the latest", async () => {
    await put("v1/order.avsc", order());
    await put("v2/order.avsc", order({ name: "note", type: "string", default: "" }));
    await put("v3/order.avsc", order({ name: "note", type: "string" }));
    expect((await run("v3", "--against", "v1", "--against", "v2")).code).toBe(EXIT_OK);
    const transitive = await run("v3", "--against", "v1", "--against", "v2", "--level", "backward_transitive");
    expect(transitive.code).toBe(EXIT_FINDING);
    expect(transitive.out[1]).toBe(
      "  READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (against v1/order.avsc, new reads old)",
    );
    expect((await run("v3", "--against", "v1", "--against", "v2", "--level", "NONE")).code).toBe(EXIT_OK);
  });

  it("resolves named types defined in other files (references), in every version", async () => {
    const address = (...fields: object[]) => ({
      type: "record",
      name: "Address",
      namespace: "com.acme.common",
      fields: [{ name: "city", type: "string" }, ...fields],
    });
    const shipped = order({ name: "shipTo", type: "com.acme.common.Address" });
    await put("v1/address.avsc", address());
    await put("v1/order.avsc", shipped);
    await put("v2/address.avsc", address({ name: "zip", type: "string" }));
    await put("v2/order.avsc", shipped);
    const result = await run("v2", "--against", "v1", "--format", "json");
    expect(result.code).toBe(EXIT_FINDING);
    const report = JSON.parse(result.out[0] ?? "") as {
      results: { schema: string; incompatibilities: { location: string; against: string }[] }[];
    };
    expect(report.results.map(({ schema, incompatibilities }) => [schema, incompatibilities])).toEqual([
      ["com.acme.common.Address", [expect.objectContaining({ location: "/fields/1", against: "v1/address.avsc" })]],
      ["com.acme.Order", [expect.objectContaining({ location: "/fields/1/type/fields/1", against: "v1/order.avsc" })]],
    ]);
  });

  it("a schema with no earlier version is compatible (nothing to check it against)", async () => {
    await put("v1/order.avsc", order());
    await put("v2/order.avsc", order());
    await put("v2/refund.avsc", { type: "record", name: "Refund", fields: [{ name: "x", type: "int" }] });
    const result = await run("v2", "--against", "v1");
    expect(result.code).toBe(EXIT_OK);
    expect(result.out).toContain("ok Refund: new, no earlier version to check against");
  });

  it("a record renamed in place (alone in a file of the same name) is compared, so the rename is caught", async () => {
    await put("v1/order.avsc", order());
    await put("v2/order.avsc", { ...order(), name: "Purchase" });
    const renamed = await run("v2", "--against", "v1");
    expect(renamed.code).toBe(EXIT_FINDING);
    expect(renamed.out[0]).toBe("INCOMPATIBLE com.acme.Purchase (BACKWARD): 1 finding");
    expect(renamed.out[1]).toBe("  NAME_MISMATCH at /name (against v1/order.avsc, new reads old)");
    expect(renamed.out[3]).toBe(
      '    fix: keep the name, or list the old name as an alias of the new type: "aliases": ["com.acme.Order"].',
    );
    await put("v2/order.avsc", { ...order(), name: "Purchase", aliases: ["Order"] });
    expect((await run("v2", "--against", "v1")).code).toBe(EXIT_OK);
    // When the old name still exists in the new schemas, the file's new schema is a new schema.
    await put("v2/legacy.avsc", order());
    await put("v2/order.avsc", { ...order(), name: "Purchase" });
    expect((await run("v2", "--against", "v1")).out).toContain(
      "ok com.acme.Purchase: new, no earlier version to check against",
    );
  });

  it("reads .avdl through codegen's loader", async () => {
    await put("v1/order.avsc", order());
    await put("v2/orders.avdl", '@namespace("com.acme") protocol Orders { record Order { string id; int qty; } }');
    const result = await run("v2", "--against", "v1");
    expect(result.code).toBe(EXIT_FINDING);
    expect(result.out[1]).toMatch(/^ {2}READER_FIELD_MISSING_DEFAULT_VALUE at \/fields\/1 /);
  });

  it("git:REV reads the same paths at a revision", async () => {
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: dir, stdio: "pipe" });
    git("init", "-q");
    await put("schemas/order.avsc", order());
    git("add", ".");
    git("commit", "-qm", "v1");
    await put("schemas/order.avsc", order({ name: "note", type: "string" }));
    const result = await run("schemas", "--against", "git:HEAD");
    expect(result.code).toBe(EXIT_FINDING);
    expect(result.out[1]).toContain("(against git:HEAD:schemas/order.avsc, new reads old)");
    const unknown = await run("schemas", "--against", "git:no-such-branch");
    expect(unknown.code).toBe(EXIT_USAGE);
    expect(unknown.err[0]).toBe("schemakit check: read git:no-such-branch: no such revision (a commit, branch or tag)");
    expect((await run("schemas", "--against", "git:--output=x")).code).toBe(EXIT_USAGE);
  });

  it("--help prints the usage; the top-level usage lists check", async () => {
    const help = await run("--help");
    expect(help.code).toBe(EXIT_OK);
    expect(help.out[0]).toMatch(/^usage: schemakit check \[NEW…\] --against OLD…/);
    const top: string[] = [];
    await runCli(["--help"], { out: (line) => top.push(line), err: () => {}, cwd: dir });
    expect(top.join("\n")).toMatch(/\n {2}check {10}new schemas against earlier versions/);
  });

  it("FORWARD findings say the old schema is the reader", async () => {
    await put("v1/order.avsc", order({ name: "note", type: "string" }));
    await put("v2/order.avsc", order());
    const result = await run("v2", "--against", "v1", "--level", "FORWARD");
    expect(result.code).toBe(EXIT_FINDING);
    expect(result.out.slice(1, 4)).toEqual([
      "  READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (against v1/order.avsc, old reads new)",
      "    `Order.note`: field `note` was removed, and the old schema has no default for it, so consumers still on " +
        "the old schema cannot read data written with the new one.",
      "    fix: keep `note` (deprecate it in its doc); remove a field only once readers have a default for it.",
    ]);
  });

  it("exit 2 with a message, never a stack, on bad usage or input", async () => {
    await put("v1/order.avsc", order());
    await put("v2/order.avsc", "{ not json");
    await put("v3/order.avsc", order({ name: "a", type: "Nowhere" }));
    const cases: [string[], RegExp][] = [
      [["v1"], /no --against given/],
      [["v1", "--against", "v1", "--level", "SIDEWAYS"], /invalid option "--level": expected one of NONE, BACKWARD/],
      [["v1", "--against", "v1", "--format", "xml"], /--format must be text or json/],
      [["v1", "--against", "v1", "--frobnicate"], /Unknown option '--frobnicate'/],
      [["v2", "--against", "v1"], /^schemakit check: read v2\/order\.avsc: invalid JSON/],
      [["v3", "--against", "v1"], /^schemakit check: read v3\/order\.avsc at \$\.fields\[1\]\.type: undefined type/],
      [["missing", "--against", "v1"], /no such file or folder/],
      [["--against", "v1"], /no schemas to check/],
    ];
    for (const [argv, message] of cases) {
      const result = await run(...argv);
      expect(result.code, argv.join(" ")).toBe(EXIT_USAGE);
      expect(result.err[0], argv.join(" ")).toMatch(message);
      expect(result.err.join("\n")).not.toMatch(/\n\s+at /);
    }
  });
});
