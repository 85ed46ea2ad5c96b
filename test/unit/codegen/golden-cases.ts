// The golden cases: schemas in, the checked-in TypeScript under test/unit/codegen/golden/<case>/ out.
// Regenerate after an intended change with `UPDATE_GOLDENS=1 npx vitest run test/unit/codegen/golden.test.ts`.

export interface GoldenCase {
  readonly name: string;
  /** Arguments of `schemakit generate`, run from the repository root. */
  readonly args: readonly string[];
}

export const GOLDEN_DIR = "test/unit/codegen/golden";

export const GOLDEN_CASES: readonly GoldenCase[] = [
  { name: "all-types", args: ["schemas/test/all-types", "--out", `${GOLDEN_DIR}/all-types`] },
  { name: "cross-file", args: ["--config", `${GOLDEN_DIR}/cross-file.config.json`] },
  {
    name: "inline-references",
    args: ["schemas/test/cross-file", "--references", "inline", "--out", `${GOLDEN_DIR}/inline-references`],
  },
  { name: "bigint-longs", args: ["schemas/examples", "--longs", "bigint", "--out", `${GOLDEN_DIR}/bigint-longs`] },
  { name: "user-event", args: ["schemas/examples", "--out", `${GOLDEN_DIR}/user-event`] },
  { name: "evolution-v1", args: ["schemas/evolution/user-v1.avsc", "--out", `${GOLDEN_DIR}/evolution-v1`] },
  { name: "evolution-v2", args: ["schemas/evolution/user-v2.avsc", "--out", `${GOLDEN_DIR}/evolution-v2`] },
  // Names that clash: with each other, with globals, runtime helpers, the file's own class, topic bindings,
  // and field names that are object members or reserved words.
  { name: "awkward-names", args: ["--config", `${GOLDEN_DIR}/awkward-names.config.json`] },
  // One config, both formats: Avro classes and Protobuf modules (imports across include paths, WKT) side by side.
  { name: "mixed", args: ["--config", `${GOLDEN_DIR}/mixed.config.json`] },
  // Not a golden of its own: keeps the examples' checked-in generated code in step with the generator.
  { name: "examples", args: ["--config", "examples/schemakit.config.json"] },
  { name: "examples-evolution-v1", args: ["--config", "examples/evolution/v1.config.json"] },
  { name: "examples-evolution-v2", args: ["--config", "examples/evolution/schemakit.config.json"] },
];
