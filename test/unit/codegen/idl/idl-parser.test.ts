import { describe, expect, it } from "vitest";
import { AvroIdlError } from "../../../../codegen/load/idl/idl-errors.js";
import { MAX_NESTING_DEPTH, parseIdl } from "../../../../codegen/load/idl/idl-parser.js";
import { SourceText } from "../../../../codegen/load/idl/source-text.js";

const parse = (text: string) => parseIdl(new SourceText("p.avdl", text));

function parseError(text: string): AvroIdlError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof AvroIdlError) return error;
    throw error;
  }
  throw new Error("no error");
}

describe("IDL parser", () => {
  it("tells a protocol from the schema syntax, properties first", () => {
    expect(parse('@namespace("a") protocol P {}').kind).toBe("protocol");
    const schema = parse("namespace a.b; schema array<X>; @p(1) record X { int y; }");
    expect(schema.kind).toBe("schema");
    if (schema.kind !== "schema") return;
    expect(schema.namespace?.name).toBe("a.b");
    expect(schema.mainSchema?.type.kind).toBe("array");
    expect(schema.body.map((item) => item.kind)).toEqual(["record"]);
  });

  it("tells declarations from messages whose names or types are keywords", () => {
    const file = parse("protocol P { record record { int x; } fixed F(4); void `error`(); record fixed(); }");
    if (file.kind !== "protocol") throw new Error("not a protocol");
    expect(file.protocol.body.map((item) => `${item.kind}:${"name" in item ? item.name : ""}`)).toEqual([
      "record:record",
      "fixed:F",
      "message:error",
      "message:fixed",
    ]);
  });

  it("reads shorthands, optional types, unions, several variables and defaults", () => {
    const file = parse(
      "protocol P { record R { decimal(9,2)? a = null; union { null, string } b, c = null; map<array<int>> m = {}; } }",
    );
    if (file.kind !== "protocol") throw new Error("not a protocol");
    const record = file.protocol.body[0];
    if (record?.kind !== "record") throw new Error("not a record");
    expect(record.fields[0]?.type.type).toMatchObject({ kind: "decimal", precision: "9", scale: "2", optional: true });
    expect(record.fields[1]?.variables.map((variable) => variable.name)).toEqual(["b", "c"]);
    expect(record.fields[2]?.type.type.kind).toBe("map");
  });

  it("reports the place and the expected token of a syntax error", () => {
    const error = parseError("protocol P {\n  record A {\n    int x\n  }\n}");
    expect(error.message).toBe(
      'read p.avdl:4:3: expected ";" after the field, or "," and another field name, found "}"',
    );
    expect(error.expected).toBe('";" after the field, or "," and another field name');
    expect([error.line, error.column]).toEqual([4, 3]);
    expect(parseError("protocol P { record A { int x; }").message).toBe(
      'read p.avdl:1:33: expected "}" to close the protocol, or a declaration, found the end of the file',
    );
    expect(parseError("namespace a; void m();").message).toBe(
      'read p.avdl:1:14: expected import, record, error, enum or fixed, found "void"',
    );
    expect(parseError("protocol P { record A { decimal(x) d; } }").message).toContain(
      "expected the decimal precision, an integer",
    );
  });

  it("refuses nesting deeper than the limit with a typed error, not a stack overflow", () => {
    const deepType = `protocol P { record A { ${"array<".repeat(10_000)}int${">".repeat(10_000)} a; } }`;
    expect(parseError(deepType).message).toContain(`types or values nest deeper than ${MAX_NESTING_DEPTH} levels`);
    const deepJson = `protocol P { record A { int @p(${"[".repeat(10_000)}${"]".repeat(10_000)}) a; } }`;
    expect(parseError(deepJson).message).toContain("nest deeper than");
    const fine = `protocol P { record A { ${"array<".repeat(50)}int${">".repeat(50)} a; } }`;
    expect(parse(fine).kind).toBe("protocol");
  }, 60_000);
});
