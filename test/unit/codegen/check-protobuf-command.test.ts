import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT_FINDING, EXIT_OK, EXIT_USAGE, runCli } from "../../../codegen/cli.js";

// `schemakit check` over .proto files. Expected findings follow Confluent's Protobuf rules (fields by
// number; int32 → string changes the wire type, int32 → int64 does not, a rename keeps the number) and, for
// --rules strict, Apicurio's (a rename or a removal without `reserved` is refused); the rules themselves
// are checked against the corpus and Apicurio's checker elsewhere. These tests pin the command.

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "schemakit-check-proto-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), text);
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

const proto = (body: string) => `syntax = "proto3";\npackage com.acme;\n${body}\n`;

describe("schemakit check (offline, .proto)", () => {
  it("exit 0 for a compatible change (a field added, int32 widened to int64)", async () => {
    await put("v1/com/acme/order.proto", proto("message Order { string id = 1; int32 qty = 2; }"));
    await put("v2/com/acme/order.proto", proto("message Order { string id = 1; int64 qty = 2; string note = 3; }"));
    const result = await run("v2", "--against", "v1", "--level", "FULL");
    expect(result.code).toBe(EXIT_OK);
    expect(result.out[0]).toBe("ok com/acme/order.proto: FULL compatible with 1 earlier version");
    expect(result.err).toEqual([]);
  });

  it("exit 1 with the finding pinned in JSON: a field's wire type changed", async () => {
    await put("v1/com/acme/order.proto", proto("message Order { string id = 1; int32 qty = 2; }"));
    await put("v2/com/acme/order.proto", proto("message Order { string id = 1; string qty = 2; }"));
    const result = await run("v2", "--against", "v1", "--format", "json");
    expect(result.code).toBe(EXIT_FINDING);
    const json = JSON.parse(result.out.join("\n")) as {
      compatible: boolean;
      results: { schema: string; level: string; incompatibilities: Record<string, string>[] }[];
    };
    expect(json.compatible).toBe(false);
    expect(json.results.map((r) => [r.schema, r.level])).toEqual([["com/acme/order.proto", "BACKWARD"]]);
    const [finding] = json.results[0]?.incompatibilities ?? [];
    expect(Object.keys(finding ?? {})).toEqual(["type", "location", "message", "against"]);
    expect(finding?.["type"]).toBe("FIELD_SCALAR_KIND_CHANGED");
    expect(finding?.["location"]).toBe("#/Order/2");
    expect(finding?.["against"]).toBe("v1/com/acme/order.proto");
    expect(finding?.["message"]).toMatch(/^Field `Order.qty` .*Usual fix: /);
  });

  it("a rename is compatible under the confluent rules and refused under --rules strict", async () => {
    await put("v1/com/acme/order.proto", proto("message Order { string id = 1; string note = 2; }"));
    await put("v2/com/acme/order.proto", proto("message Order { string id = 1; string remark = 2; }"));
    expect((await run("v2", "--against", "v1")).code).toBe(EXIT_OK);
    const strict = await run("v2", "--against", "v1", "--rules", "strict");
    expect(strict.code).toBe(EXIT_FINDING);
    expect(strict.out).toContain(
      "  FIELD_REMOVED_WITHOUT_RESERVED at #/Order/2 (against v1/com/acme/order.proto, new reads old)",
    );
    expect(strict.out).toContain("  FIELD_NAME_CHANGED at #/Order/2 (against v1/com/acme/order.proto, new reads old)");
  });

  it("checks imported files and types resolved across files, and every version given", async () => {
    const address = (zip: string) => proto(`message Address { string city = 1; ${zip} zip = 2; }`);
    const order = proto('import "com/acme/address.proto";\nmessage Order { string id = 1; Address ship_to = 2; }');
    await put("v1/com/acme/address.proto", address("string"));
    await put("v1/com/acme/order.proto", order);
    await put("v2/com/acme/address.proto", address("string"));
    await put("v2/com/acme/order.proto", order);
    await put("v3/com/acme/address.proto", address("int32"));
    await put("v3/com/acme/order.proto", order);
    const result = await run("v3", "--against", "v1", "--against", "v2", "--level", "BACKWARD_TRANSITIVE");
    expect(result.code).toBe(EXIT_FINDING);
    const findings = result.out.filter((line) => /^ {2}[A-Z_]+ at /.test(line));
    expect(findings).toEqual([
      "  FIELD_SCALAR_KIND_CHANGED at #/Address/2 (against v1/com/acme/address.proto, new reads old)",
      "  FIELD_SCALAR_KIND_CHANGED at #/Address/2 (against v2/com/acme/address.proto, new reads old)",
      // Confluent follows a field into a referenced (imported) message and reports both.
      "  FIELD_SCALAR_KIND_CHANGED at #/Address/2 (against v1/com/acme/order.proto, new reads old)",
      "  FIELD_NAMED_TYPE_CHANGED at #/Order/2 (against v1/com/acme/order.proto, new reads old)",
      "  FIELD_SCALAR_KIND_CHANGED at #/Address/2 (against v2/com/acme/order.proto, new reads old)",
      "  FIELD_NAMED_TYPE_CHANGED at #/Order/2 (against v2/com/acme/order.proto, new reads old)",
    ]);
  });

  it("reads the earlier version from git (--against git:REV)", async () => {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
    git("init", "-q");
    git("config", "user.email", "test@example.com");
    git("config", "user.name", "test");
    await put("schemas/com/acme/order.proto", proto("message Order { string id = 1; int32 qty = 2; }"));
    git("add", ".");
    git("commit", "-qm", "v1");
    await put("schemas/com/acme/order.proto", proto("message Order { string id = 1; double qty = 2; }"));
    const result = await run("schemas", "--against", "git:HEAD", "--format", "json");
    expect(result.code).toBe(EXIT_FINDING);
    const json = JSON.parse(result.out.join("\n")) as { results: { incompatibilities: Record<string, string>[] }[] };
    expect(json.results[0]?.incompatibilities.map((f) => [f["type"], f["location"], f["against"]])).toEqual([
      ["FIELD_SCALAR_KIND_CHANGED", "#/Order/2", "git:HEAD:schemas/com/acme/order.proto"],
    ]);
  });

  it("exit 2 for unknown rules and for a .proto file that does not compile", async () => {
    await put("v1/com/acme/order.proto", proto("message Order { string id = 1; }"));
    await put("v2/com/acme/order.proto", proto("message Order { strin id = 1; }"));
    const rules = await run("v2", "--against", "v1", "--rules", "lenient");
    expect(rules.code).toBe(EXIT_USAGE);
    expect(rules.err[0]).toBe('schemakit check: --rules must be confluent or strict, got "lenient"');
    const lock = await run("--lock", "--rules", "strict");
    expect(lock.code).toBe(EXIT_USAGE);
    expect(lock.err[0]).toBe("schemakit check: --rules picks Protobuf rules: --lock checks no compatibility");
    const missing = await run("v2/com/acme/nope.proto", "--against", "v1");
    expect(missing.code).toBe(EXIT_USAGE);
    expect(missing.err[0]).toMatch(/v2\/com\/acme\/nope\.proto.*no such file/);
    const broken = await run("v2", "--against", "v1");
    expect(broken.code).toBe(EXIT_USAGE);
    expect(broken.err.join("\n")).toMatch(/order\.proto/);
  });
});
