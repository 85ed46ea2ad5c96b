import { describe, expect, it } from "vitest";
import { CodegenInputError } from "../../../../src/errors/index.js";
import { buildAvroModel, type LoadedSchemaFile } from "../../../../codegen/model/build-avro-model.js";

function file(name: string, ...schemas: unknown[]): LoadedSchemaFile {
  return {
    file: name,
    sha256: "0".repeat(64),
    schemas,
    paths: schemas.length === 1 ? ["$"] : schemas.map((_, i) => `$[${i}]`),
  };
}

function failure(files: readonly LoadedSchemaFile[]): CodegenInputError {
  try {
    buildAvroModel(files);
  } catch (error) {
    expect(error).toBeInstanceOf(CodegenInputError);
    return error as CodegenInputError;
  }
  throw new Error("expected a CodegenInputError");
}

const record = (name: string, fields: unknown[], namespace = "com.acme") => ({
  type: "record",
  name,
  namespace,
  fields,
});

describe("buildAvroModel", () => {
  it("resolves names across files in any order, with Avro's namespace rules", () => {
    const model = buildAvroModel([
      file(
        "b.avsc",
        record("B", [
          { name: "a", type: "A" },
          { name: "c", type: "other.C" },
        ]),
      ),
      file("a.avsc", record("A", [{ name: "inner", type: { type: "enum", name: "Inner", symbols: ["X"] } }])),
      file("c.avsc", record("C", [], "other")),
    ]);
    expect([...model.types.keys()]).toEqual(["com.acme.B", "com.acme.A", "com.acme.Inner", "other.C"]);
    expect(model.types.get("com.acme.Inner")).toMatchObject({
      kind: "enum",
      root: "com.acme.A",
      location: { file: "a.avsc", jsonPath: "$.fields[0].type" },
    });
    const b = model.types.get("com.acme.B");
    expect(b?.kind === "record" && b.fields.map((field) => field.type)).toEqual([
      { kind: "named", fullName: "com.acme.A" },
      { kind: "named", fullName: "other.C" },
    ]);
  });

  it("names file, JSON path and type for an undefined name", () => {
    const error = failure([
      file(
        "a.avsc",
        record("A", [
          { name: "ok", type: "int" },
          { name: "x", type: ["null", "Missing"] },
        ]),
      ),
    ]);
    expect(error).toMatchObject({ file: "a.avsc", jsonPath: "$.fields[1].type[1]" });
    expect(error.message).toBe(
      'read a.avsc at $.fields[1].type[1]: undefined type name "Missing" (looked up in namespace com.acme too)',
    );
  });

  it.each([
    [
      "a type defined twice with different content",
      [file("a.avsc", record("A", [])), file("b.avsc", record("A", [{ name: "f", type: "int" }]))],
      /type com\.acme\.A is defined twice \(first in a\.avsc at \$\)/,
    ],
    [
      "an enum without symbols",
      [file("a.avsc", { type: "enum", name: "E", symbols: [] })],
      /non-empty list of symbols/,
    ],
    [
      "an enum default that is not a symbol",
      [file("a.avsc", { type: "enum", name: "E", symbols: ["A"], default: "B" })],
      /not one of its symbols/,
    ],
    ["a fixed without size", [file("a.avsc", { type: "fixed", name: "F" })], /needs a size/],
    [
      "a union inside a union",
      [file("a.avsc", record("A", [{ name: "u", type: ["null", ["int"]] }]))],
      /cannot contain a union/,
    ],
    [
      "a union with two string branches",
      [file("a.avsc", record("A", [{ name: "u", type: ["string", { type: "string" }] }]))],
      /two string branches/,
    ],
    [
      "a field declared twice",
      [
        file(
          "a.avsc",
          record("A", [
            { name: "f", type: "int" },
            { name: "f", type: "int" },
          ]),
        ),
      ],
      /declared twice/,
    ],
    ["an invalid name", [file("a.avsc", record("1A", []))], /not a valid Avro name/],
  ])("refuses %s", (_what, files, message) => {
    expect(failure(files).message).toMatch(message);
  });

  it("takes one definition given twice alike (an .avdl importing an .avsc that is also an input) as one type", () => {
    const model = buildAvroModel([file("a.avsc", record("A", [])), file("p.avdl", record("A", []))]);
    expect(model.types.size).toBe(1);
  });

  it("keeps logical types only on the underlying types the specification allows", () => {
    const model = buildAvroModel([
      file(
        "a.avsc",
        record("A", [
          { name: "ok", type: { type: "long", logicalType: "timestamp-millis" } },
          { name: "ignored", type: { type: "string", logicalType: "timestamp-millis" } },
          { name: "dec", type: { type: "bytes", logicalType: "decimal", precision: 4, scale: 2 } },
          { name: "badScale", type: { type: "bytes", logicalType: "decimal", precision: 2, scale: 3 } },
        ]),
      ),
    ]);
    const a = model.types.get("com.acme.A");
    expect(
      a?.kind === "record" && a.fields.map((field) => (field.type.kind === "primitive" ? field.type.logical : "?")),
    ).toEqual([{ name: "timestamp-millis" }, undefined, { name: "decimal", precision: 4, scale: 2 }, undefined]);
  });
});
