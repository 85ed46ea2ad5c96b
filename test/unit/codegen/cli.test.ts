import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXIT_OK, EXIT_USAGE, runCli } from "../../../codegen/cli.js";

function run(...argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

describe("schemakit CLI", () => {
  it("prints the package version", () => {
    const { version } = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(run("--version")).toEqual({ code: EXIT_OK, out: [version], err: [] });
  });

  it("prints usage on --help", () => {
    const result = run("--help");
    expect(result.code).toBe(EXIT_OK);
    expect(result.out.join("\n")).toMatch(/^usage: schemakit <command>/);
  });

  it("exits 2 with usage on an unknown or missing command", () => {
    const unknown = run("frobnicate");
    expect(unknown.code).toBe(EXIT_USAGE);
    expect(unknown.err[0]).toBe('schemakit: unknown command "frobnicate"');
    expect(run().code).toBe(EXIT_USAGE);
  });
});
