import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { EXIT_OK, runCli } from "../../../../codegen/cli.js";

// The bench's generated UserEvent class (test/bench/protobuf/generated/) is checked in; it must stay what
// `schemakit generate` makes from the fixture, or the bench measures a class no user would have.

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

it("the bench's generated Protobuf class is what schemakit generate writes today (--check)", async () => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    [
      "generate",
      "test/fixtures/proto/bench/com/example/bench/user_event.proto",
      "--proto-path",
      "test/fixtures/proto/bench",
      "--out",
      "test/bench/protobuf/generated",
      "--check",
    ],
    { out: (line) => out.push(line), err: (line) => err.push(line), cwd: ROOT },
  );
  expect(err).toEqual([]);
  expect(code).toBe(EXIT_OK);
});
