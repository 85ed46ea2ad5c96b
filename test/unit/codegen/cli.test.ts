import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXIT_OK, EXIT_USAGE, runCli } from "../../../codegen/cli.js";

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

describe("schemakit CLI", () => {
  it("prints the package version", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(await run("--version")).toEqual({ code: EXIT_OK, out: [version], err: [] });
  });

  it("prints usage on --help", async () => {
    const result = await run("--help");
    expect(result.code).toBe(EXIT_OK);
    expect(result.out.join("\n")).toMatch(/^usage: schemakit <command>/);
  });

  it("exits 2 with usage on an unknown or missing command", async () => {
    const unknown = await run("frobnicate");
    expect(unknown.code).toBe(EXIT_USAGE);
    expect(unknown.err[0]).toBe('schemakit: unknown command "frobnicate"');
    expect((await run()).code).toBe(EXIT_USAGE);
  });
});
