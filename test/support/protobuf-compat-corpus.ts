import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileProtos } from "../../codegen/protobuf/load/compile-protos.js";
import { type ProtobufSchema, protobufSchemaOf } from "../../src/compat/index.js";
import type { ProtobufCompatCase } from "../interop/protobuf-compat-cases.js";

/** A case's text with its package placeholder filled in. */
export function caseText(testCase: ProtobufCompatCase, side: "old" | "new"): string {
  return testCase[side].replaceAll("{pkg}", `cases.${testCase.id}`);
}

/** Every case's old and new file compiled (one compiler run per side), by case id. */
export async function compileCorpus(
  cases: readonly ProtobufCompatCase[],
): Promise<Map<string, { old: ProtobufSchema; new: ProtobufSchema }>> {
  const dir = await mkdtemp(join(tmpdir(), "schemakit-proto-compat-"));
  try {
    const sides = await Promise.all(
      (["old", "new"] as const).map(async (side) => {
        const root = join(dir, side);
        await mkdir(root, { recursive: true });
        await Promise.all(cases.map((c) => writeFile(join(root, `${c.id}.proto`), caseText(c, side))));
        const compiled = await compileProtos({
          files: cases.map((c) => `${c.id}.proto`),
          includePaths: ["."],
          cwd: root,
        });
        return new Map(compiled.files.map((file) => [file.name.replace(/\.proto$/, ""), protobufSchemaOf(file)]));
      }),
    );
    const [olds, news] = sides as [Map<string, ProtobufSchema>, Map<string, ProtobufSchema>];
    return new Map(
      cases.map((c) => [c.id, { old: olds.get(c.id) as ProtobufSchema, new: news.get(c.id) as ProtobufSchema }]),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
