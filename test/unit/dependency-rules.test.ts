import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The dependency rules (DESIGN.md "The floor plan"), checked by reading the imports of every source file.

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const staticImports = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)];
  // Modules loaded on first use count as imports too (import("x") and typeof import("x")).
  const dynamicImports = [...text.matchAll(/\bimport\("([^"]+)"\)/g)];
  return [...new Set([...staticImports, ...dynamicImports].map((match) => match[1] as string))];
}

const files = [...sources("src"), ...sources("codegen")].map((file) => ({
  file: relative(ROOT, join(ROOT, file)),
  imports: importsOf(file),
}));

function importersOf(module: string | RegExp): string[] {
  return files
    .filter(({ imports }) =>
      imports.some((specifier) => (typeof module === "string" ? specifier === module : module.test(specifier))),
    )
    .map(({ file }) => file)
    .sort();
}

describe("dependency rules", () => {
  it("only the kafkajs transport imports kafkajs", () => {
    expect(importersOf("kafkajs")).toEqual(["src/producer/transport/kafkajs-transport.ts"]);
  });

  it("only serde/avro imports avsc (codegen reads Avro IDL with its own reader)", () => {
    expect(importersOf("avsc").filter((file) => !file.startsWith("src/serde/avro/"))).toEqual([]);
  });

  it("only the avsc adapter names avsc's private members", () => {
    // avsc's documented LogicalType hooks (_fromValue, _toValue, _resolve, _export) are public API.
    const privateMember =
      /\b_(?:check|write|read|skip|update|deref|attrs|branchConstructor|logicalTypeName|peek|readerType)\b|\bTap\b/;
    const naming = files
      .filter(({ file }) => privateMember.test(readFileSync(join(ROOT, file), "utf8")))
      .map(({ file }) => file);
    expect(naming).toEqual(["src/serde/avro/avsc-internals.ts"]);
  });

  it("only the producer's tracing imports @opentelemetry/api, and only on first use (types aside)", () => {
    expect(importersOf("@opentelemetry/api")).toEqual(["src/producer/tracing.ts"]);
    const text = readFileSync(join(ROOT, "src/producer/tracing.ts"), "utf8");
    const valueImports = [...text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+"@opentelemetry\/api"/gms)];
    expect(valueImports).toEqual([]);
    expect(text).toMatch(/await import\("@opentelemetry\/api"\)/);
  });

  it("only the HTTP registry client imports undici", () => {
    expect(importersOf("undici")).toEqual(["src/registry/http-registry-client.ts"]);
  });

  it("only the compression codecs import the codec libraries", () => {
    expect(importersOf(/^(snappy|lz4-napi|@mongodb-js\/zstd)$/)).toEqual([
      "src/producer/transport/compression-codecs.ts",
    ]);
  });

  it("only the record batch builder imports the CRC-32C library", () => {
    expect(importersOf("@node-rs/crc32")).toEqual(["src/producer/transport/wire/record-batch/record-batch-builder.ts"]);
  });

  it("src never imports codegen; errors import nothing of ours but errors", () => {
    expect(
      files.filter(
        ({ file, imports }) => file.startsWith("src/") && imports.some((specifier) => specifier.includes("codegen/")),
      ),
    ).toEqual([]);
    const errorImports = files.filter(({ file }) => file.startsWith("src/errors/")).flatMap(({ imports }) => imports);
    expect(errorImports.every((specifier) => specifier.startsWith("./"))).toBe(true);
  });

  it("serde never imports the registry implementation or the producer", () => {
    const serde = files.filter(({ file }) => file.startsWith("src/serde/"));
    const offending = serde.filter(({ imports }) =>
      imports.some((specifier) => /\/producer\/|http-registry-client|schema-registry/.test(specifier)),
    );
    expect(offending).toEqual([]);
  });
  it("serde, producer and codegen never name the runtime face: only generated code imports it", () => {
    const naming = files
      .map(({ file }) => file)
      .filter((file) => /^(src\/serde|src\/producer|codegen)\//.test(file))
      .filter((file) => readFileSync(join(ROOT, file), "utf8").includes("runtime/v1"));
    expect(naming).toEqual([]);
  });

  it("every import goes down the floor order, and across areas only through a declared seam", () => {
    const offending = files.flatMap(({ file, imports }) => {
      const from = areaOf(file);
      return imports
        .filter((specifier) => specifier.startsWith("."))
        .map((specifier) => resolveImport(file, specifier))
        .filter((target) => {
          const to = areaOf(target);
          if (to.name === from.name) return false;
          return to.layer >= from.layer || !(SEAMS[to.name] ?? []).includes(target);
        })
        .map((target) => `${file} → ${target}`);
    });
    expect(offending).toEqual([]);
  });

  it("the schema floor imports nothing but errors; nothing below the runtime face imports it", () => {
    const schemaTargets = files
      .filter(({ file }) => file.startsWith("src/schema/"))
      .flatMap(({ file, imports }) => imports.map((specifier) => resolveImport(file, specifier)));
    expect(
      schemaTargets.filter((target) => !target.startsWith("src/schema/") && target !== "src/errors/index.ts"),
    ).toEqual([]);
    const runtimeImporters = files
      .filter(({ file, imports }) =>
        imports.some((specifier) => resolveImport(file, specifier).startsWith("src/runtime/")),
      )
      .map(({ file }) => file);
    expect(runtimeImporters.filter((file) => !file.startsWith("src/runtime/") && file !== "src/index.ts")).toEqual([]);
  });
});

/**
 * The floors, lowest first: an area may import only areas on lower floors. codegen stands on all of src;
 * the package root re-exports everything.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["src/errors"],
  ["src/internal", "src/schema"],
  ["src/registry"],
  ["src/compat"],
  ["src/serde"],
  ["src/producer"],
  ["src/runtime"],
  ["src/index.ts"],
  ["codegen"],
];

/** The modules another area may import: each area's index, plus the seams declared here. */
const SEAMS: Readonly<Record<string, readonly string[]>> = {
  "src/errors": ["src/errors/index.ts"],
  "src/internal": [
    "src/internal/clock.ts",
    "src/internal/memo-promise.ts",
    "src/internal/redact.ts",
    "src/internal/retry.ts",
    "src/internal/settled-once.ts",
  ],
  "src/schema": ["src/schema/index.ts"],
  "src/compat": ["src/compat/index.ts"],
  "src/registry": ["src/registry/index.ts", "src/registry/registry-client.ts"],
  "src/serde": [
    "src/serde/index.ts",
    "src/serde/avro/avro-serializer.ts",
    "src/serde/avro/canonical-form.ts",
    "src/serde/protobuf/index.ts",
    "src/serde/serde-options.ts",
    "src/serde/subject-name-strategy.ts",
    "src/serde/scratch-buffer.ts",
    "src/serde/value-encoder.ts",
  ],
  "src/producer": [
    "src/producer/index.ts",
    "src/producer/topic-binding.ts",
    "src/producer/partitioners/partitioner-names.ts",
  ],
  "src/runtime": ["src/runtime/v1/index.ts"],
  "src/index.ts": ["src/index.ts"],
};

function areaOf(file: string): { readonly name: string; readonly layer: number } {
  for (const [layer, areas] of LAYERS.entries()) {
    const name = areas.find((area) => file === area || file.startsWith(`${area}/`));
    if (name !== undefined) return { name, layer };
  }
  throw new Error(`${file} belongs to no floor: add its area to LAYERS`);
}

/** The repository path of a relative import (".js" specifiers name ".ts" sources); packages as written. */
function resolveImport(file: string, specifier: string): string {
  if (!specifier.startsWith(".")) return specifier;
  return relative(ROOT, join(ROOT, dirname(file), specifier)).replace(/\.js$/, ".ts");
}
