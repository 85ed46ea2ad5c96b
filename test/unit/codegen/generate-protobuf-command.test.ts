import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT_OK, EXIT_USAGE, runCli } from "../../../codegen/cli.js";

// `schemakit generate` with .proto inputs: include paths from --proto-path or the config's protoPaths
// (default: the config's folder or the working directory), compile errors as exit 2 with file:line:col.

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "schemakit-generate-proto-"));
  await mkdir(join(dir, "protos/acme/shop"), { recursive: true });
  await mkdir(join(dir, "shared/acme/common"), { recursive: true });
  await writeFile(
    join(dir, "shared/acme/common/id.proto"),
    'syntax = "proto3";\npackage acme.common;\nmessage Id { string value = 1; }\n',
  );
  await writeFile(
    join(dir, "protos/acme/shop/cart.proto"),
    'syntax = "proto3";\npackage acme.shop;\nimport "acme/common/id.proto";\n' +
      "message Cart { acme.common.Id id = 1; map<string, int32> items = 2; }\n",
  );
});

afterEach(async () => {
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

describe("schemakit generate with .proto inputs", () => {
  it("--proto-path: one module per file and per import, import paths relative to the include path", async () => {
    const result = await run("protos", "--proto-path", "protos", "--proto-path", "shared", "--out", "gen");
    expect(result.err).toEqual([]);
    expect(result.code).toBe(EXIT_OK);
    expect(result.out[0]).toMatch(/^schemakit generate: 1 schema file, 2 types → 2 files in gen \(2 written,/);
    const cart = await readFile(join(dir, "gen/acme/shop/cart.proto.ts"), "utf8");
    expect(cart).toContain('path: "acme/shop/cart.proto",');
    expect(cart).toContain('import { file as file_acme_common_id, Id, type IdInit } from "../common/id.proto.js";');
    expect(await readFile(join(dir, "gen/acme/common/id.proto.ts"), "utf8")).toContain("export class Id {");
    expect(
      (await run("protos", "--proto-path", "protos", "--proto-path", "shared", "--out", "gen", "--check")).code,
    ).toBe(EXIT_OK);
  });

  it("reads protoPaths from the config, relative to the config file", async () => {
    await mkdir(join(dir, "conf"));
    await writeFile(
      join(dir, "conf/schemakit.config.json"),
      JSON.stringify({ inputs: ["../protos"], protoPaths: ["../protos", "../shared"], outDir: "../gen" }),
    );
    const result = await run("--config", "conf/schemakit.config.json");
    expect(result.err).toEqual([]);
    expect(result.code).toBe(EXIT_OK);
    expect(await readFile(join(dir, "gen/acme/shop/cart.proto.ts"), "utf8")).toContain("export class Cart {");
  });

  it("exits 2 naming file:line:col when an import is not on the include paths", async () => {
    const result = await run("protos", "--proto-path", "protos", "--out", "gen");
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.err.join("\n")).toMatch(/^schemakit generate: read protos\/acme\/shop\/cart\.proto:3:1: /);
  });

  it("exits 2 when a .proto input lies under no include path, or protoPaths is not a list of folders", async () => {
    const outside = await run("protos/acme/shop/cart.proto", "--proto-path", "shared", "--out", "gen");
    expect(outside.code).toBe(EXIT_USAGE);
    expect(outside.err.join("\n")).toMatch(/not under any include path \(shared\)/);
    await writeFile(join(dir, "schemakit.config.json"), JSON.stringify({ inputs: ["protos"], protoPaths: "protos" }));
    const config = await run();
    expect(config.code).toBe(EXIT_USAGE);
    expect(config.err.join("\n")).toMatch(/\$\.protoPaths: expected an array of folders/);
  });

  it("binds topics to messages: keyField by .proto name or property; other fields and types exit 2", async () => {
    const config = (topics: unknown): Promise<void> =>
      writeFile(
        join(dir, "schemakit.config.json"),
        JSON.stringify({ inputs: ["protos"], protoPaths: ["protos", "shared"], outDir: "gen", topics }),
      );
    await config({ carts: { value: "acme.common.Id", keyField: "value" } });
    const bound = await run();
    expect(bound.err).toEqual([]);
    expect(await readFile(join(dir, "gen/topics.ts"), "utf8")).toContain('  value: Id,\n  keyField: "value",\n');
    await config({ carts: { value: "acme.shop.Cart", keyField: "items" } });
    expect((await run()).err.join("\n")).toMatch(
      /\$\.topics\["carts"\]\.keyField: keyField "items" must be a singular string field of acme\.shop\.Cart/,
    );
    await config({ carts: { value: "acme.shop.Basket" } });
    expect((await run()).err.join("\n")).toMatch(/value type "acme\.shop\.Basket" is not a record or message/);
  });
});
