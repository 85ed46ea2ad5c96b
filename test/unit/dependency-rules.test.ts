import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// conventions.md "Dependency rules", checked by reading the imports of every source file.

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
  return [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)].map((match) => match[1] as string);
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

  it("only serde/avro (and codegen's IDL loader) import avsc", () => {
    expect(importersOf("avsc").filter((file) => !file.startsWith("src/serde/avro/"))).toEqual([
      "codegen/load/load-schema-files.ts",
    ]);
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
      imports.some((specifier) => /\/producer\/|http-registry-client|cached-registry/.test(specifier)),
    );
    expect(offending).toEqual([]);
  });
});
