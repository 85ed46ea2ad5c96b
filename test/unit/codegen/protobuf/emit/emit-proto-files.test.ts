import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileProtos } from "../../../../../codegen/protobuf/load/compile-protos.js";
import { emitProtoFiles } from "../../../../../codegen/protobuf/emit/emit-proto-files.js";

// Compares the modules generated from the fixture .proto files with the checked-in goldens
// (UPDATE_GOLDENS=1 rewrites them). order.proto's golden is made by `schemakit generate` itself, with the
// Avro example from one config (the "mixed" case of golden-cases.ts). tsc compiles the goldens with the
// strict options as part of `npm run typecheck`; the round-trip tests run them against Python's bytes.
const FIXTURES = fileURLToPath(new URL("../../../../fixtures/proto/", import.meta.url));
const GOLDEN = fileURLToPath(new URL("../../golden/protobuf/", import.meta.url));
const update = process.env["UPDATE_GOLDENS"] === "1";

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split("\\").join("/"))
    .sort();
}

const CASES = [
  {
    name: "syntaxes",
    about: "proto2 (required, default, closed enum, packed), editions 2023 (implicit presence), int32-keyed map",
    cwd: join(FIXTURES, "syntaxes"),
    includePaths: ["."],
    files: ["modern/reading.proto"],
  },
] as const;

describe("Protobuf codegen goldens", () => {
  it.each(CASES)("$name: $about", async ({ name, cwd, includePaths, files }) => {
    const compiled = await compileProtos({ cwd, includePaths, files });
    const generated = emitProtoFiles(compiled, { generatorVersion: "0.1.0", runtimeModule: "schemakit/runtime/v1" });
    const golden = join(GOLDEN, name);
    if (update) {
      for (const file of generated) {
        await mkdir(dirname(join(golden, file.path)), { recursive: true });
        await writeFile(join(golden, file.path), file.content);
      }
    }
    expect(generated.map((file) => file.path)).toEqual(await filesUnder(golden));
    for (const file of generated) expect(file.content).toBe(await readFile(join(golden, file.path), "utf8"));
  });
});
