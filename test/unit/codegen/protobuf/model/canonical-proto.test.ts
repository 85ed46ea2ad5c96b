import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { clone, equals } from "@bufbuild/protobuf";
import { type FileDescriptorProto, FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { afterAll, describe, expect, it } from "vitest";
import { compileProtos } from "../../../../../codegen/protobuf/load/compile-protos.js";
import { CanonicalProtoError, canonicalProtoText } from "../../../../../codegen/protobuf/model/canonical-proto.js";
import { PROTO_FIXTURES } from "../../../serde/protobuf/compiled-fixture.js";

// The printer is checked by the compiler, not by our own reading of the text: every file the fixtures
// compile to (well-known types included) is printed, the printed files are compiled again with buf, and
// the descriptors must be equal field for field (source info aside); printing those prints the same text.

const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "schemakit-canonical-proto-"));
  scratch.push(dir);
  return dir;
}

function withoutSourceInfo(proto: FileDescriptorProto): FileDescriptorProto {
  const copy = clone(FileDescriptorProtoSchema, proto);
  copy.sourceCodeInfo = undefined;
  return copy;
}

async function compiledFixtures(): Promise<FileDescriptorProto[]> {
  const sets = await Promise.all([
    compileProtos({ cwd: join(PROTO_FIXTURES, "printer"), includePaths: ["."], files: ["shapes/everything3.proto"] }),
    compileProtos({ cwd: join(PROTO_FIXTURES, "printer"), includePaths: ["."], files: ["shapes/editions.proto"] }),
    compileProtos({
      cwd: PROTO_FIXTURES,
      includePaths: ["main", "shared"],
      files: ["main/com/acme/orders/order.proto"],
    }),
    compileProtos({ cwd: join(PROTO_FIXTURES, "syntaxes"), includePaths: ["."], files: ["modern/reading.proto"] }),
  ]);
  const byName = new Map<string, FileDescriptorProto>();
  for (const set of sets) for (const file of set.fileSet.file) byName.set(file.name, withoutSourceInfo(file));
  return [...byName.values()];
}

async function recompile(texts: ReadonlyMap<string, string>): Promise<Map<string, FileDescriptorProto>> {
  const dir = await tempDir();
  for (const [name, text] of texts) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  const compiled = await compileProtos({ cwd: dir, includePaths: ["."], files: [...texts.keys()] });
  return new Map(compiled.fileSet.file.map((file) => [file.name, withoutSourceInfo(file)]));
}

describe("canonicalProtoText", () => {
  it("prints text that compiles back to the same descriptor, for every fixture file and well-known type", async () => {
    const originals = await compiledFixtures();
    expect(originals.map((file) => file.name)).toEqual(
      expect.arrayContaining([
        "shapes/everything3.proto",
        "shapes/legacy2.proto",
        "shapes/editions.proto",
        "google/protobuf/api.proto",
        "google/protobuf/struct.proto",
        "legacy/shipment.proto",
      ]),
    );
    const texts = new Map(originals.map((file) => [file.name, canonicalProtoText(file)]));
    const again = await recompile(texts);
    for (const original of originals) {
      const reprinted = again.get(original.name);
      expect(reprinted, original.name).toBeDefined();
      if (reprinted === undefined) continue;
      const same = equals(FileDescriptorProtoSchema, original, reprinted);
      if (!same) expect({ name: original.name, reprinted }).toEqual({ name: original.name, reprinted: original });
      expect(canonicalProtoText(reprinted)).toBe(texts.get(original.name));
    }
  });

  it("ignores comments and layout: a reformatted copy prints the same text", async () => {
    const compact = new Map([
      [
        "acme/common/money.proto",
        'syntax="proto3";package acme.common;/* none */message Money{string currency=1;int64 units=2;int32 nanos=3;}',
      ],
    ]);
    const [original] = (
      await compileProtos({ cwd: PROTO_FIXTURES, includePaths: ["shared"], files: ["shared/acme/common/money.proto"] })
    ).files;
    const copy = (await recompile(compact)).get("acme/common/money.proto");
    expect(original).toBeDefined();
    expect(copy).toBeDefined();
    if (original === undefined || copy === undefined) return;
    expect(canonicalProtoText(copy)).toBe(canonicalProtoText(original.proto));
    expect(canonicalProtoText(original.proto)).toBe(
      [
        'syntax = "proto3";',
        "",
        "package acme.common;",
        "",
        "message Money {",
        "  string currency = 1;",
        "  int64 units = 2;",
        "  int32 nanos = 3;",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("keeps a map field where its entry stood among the nested messages (message indexes depend on it)", async () => {
    const texts = new Map([
      [
        "order/entries.proto",
        [
          'syntax = "proto3";',
          "message Outer {",
          "  message First { int32 a = 1; }",
          "  map<string, int32> counts = 1;",
          "  int32 plain = 2;",
          "  message Second { int32 b = 1; }",
          "  map<string, First> firsts = 3;",
          "}",
        ].join("\n"),
      ],
    ]);
    const original = (await recompile(texts)).get("order/entries.proto");
    expect(original).toBeDefined();
    if (original === undefined) return;
    const nested = (file: FileDescriptorProto): string[] => file.messageType[0]?.nestedType.map((t) => t.name) ?? [];
    expect(nested(original)).toEqual(["First", "CountsEntry", "Second", "FirstsEntry"]);
    const reprinted = (await recompile(new Map([["order/entries.proto", canonicalProtoText(original)]]))).get(
      "order/entries.proto",
    );
    expect(reprinted === undefined ? [] : nested(reprinted)).toEqual(nested(original));
  });

  it("refuses what it cannot print faithfully: custom options, proto2 groups", async () => {
    const texts = new Map([
      [
        "custom/custom.proto",
        [
          'syntax = "proto2";',
          'import "google/protobuf/descriptor.proto";',
          "extend google.protobuf.MessageOptions { optional int32 level = 50001; }",
          "message Tagged { option (level) = 3; optional int32 a = 1; }",
          "message Grouped { optional group Item = 1 { optional int32 b = 2; } }",
        ].join("\n"),
      ],
    ]);
    const file = (await recompile(texts)).get("custom/custom.proto");
    expect(file).toBeDefined();
    if (file === undefined) return;
    const tagged = clone(FileDescriptorProtoSchema, file);
    tagged.messageType = tagged.messageType.filter((message) => message.name === "Tagged");
    expect(() => canonicalProtoText(tagged)).toThrow(CanonicalProtoError);
    expect(() => canonicalProtoText(tagged)).toThrow(/custom options \(MessageOptions field 50001\)/);
    const grouped = clone(FileDescriptorProtoSchema, file);
    grouped.messageType = grouped.messageType.filter((message) => message.name !== "Tagged");
    expect(() => canonicalProtoText(grouped)).toThrow(/proto2 groups are not supported/);
  });
});
