import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileProtos } from "../../../../../codegen/protobuf/load/compile-protos.js";
import { emitProtoFiles } from "../../../../../codegen/protobuf/emit/emit-proto-files.js";

// Compares the modules generated from the fixture .proto files with the checked-in goldens
// (UPDATE_GOLDENS=1 rewrites them). tsc compiles the goldens with the strict options as part of
// `npm run typecheck`; protobuf-golden-round-trip.test.ts runs them against Python's bytes.
const FIXTURES = fileURLToPath(new URL("../../../../fixtures/proto/", import.meta.url));
const GOLDEN = fileURLToPath(new URL("../../golden/protobuf/order/", import.meta.url));
const update = process.env["UPDATE_GOLDENS"] === "1";

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split("\\").join("/"))
    .sort();
}

describe("Protobuf codegen goldens", () => {
  it("order.proto (imports across include paths, WKT, map, nested after map, oneof, optional, enum)", async () => {
    const compiled = await compileProtos({
      cwd: FIXTURES,
      includePaths: ["main", "shared"],
      files: ["main/com/acme/orders/order.proto"],
    });
    const generated = emitProtoFiles(compiled, { generatorVersion: "0.1.0", runtimeModule: "schemakit/runtime/v1" });
    if (update) {
      for (const file of generated) {
        await mkdir(dirname(join(GOLDEN, file.path)), { recursive: true });
        await writeFile(join(GOLDEN, file.path), file.content);
      }
    }
    expect(generated.map((file) => file.path)).toEqual(await filesUnder(GOLDEN));
    for (const file of generated) expect(file.content).toBe(await readFile(join(GOLDEN, file.path), "utf8"));
  });
});
