import { describe, expect, it } from "vitest";
import { EXIT_OK, runCli } from "../../../codegen/cli.js";
import { GOLDEN_CASES } from "./golden-cases.js";

// Compares what `schemakit generate` would write with the checked-in goldens (`--check`: exit 1 and a
// "stale:" line per differing file). tsc compiles the goldens with the project's strict options as part
// of `npm run typecheck` (tsconfig includes test/), and golden-round-trip tests run them.
const update = process.env["UPDATE_GOLDENS"] === "1";

describe("codegen goldens", () => {
  it.each(GOLDEN_CASES.map((golden) => [golden.name, golden] as const))(
    "%s matches the checked-in files",
    async (_name, golden) => {
      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
      const code = await runCli(["generate", ...golden.args, ...(update ? [] : ["--check"])], io);
      expect(err).toEqual([]);
      expect(code).toBe(EXIT_OK);
      expect(out.join("\n")).toMatch(update ? /written/ : /up to date/);
    },
  );
});
