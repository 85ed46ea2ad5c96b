import { describe, expect, it } from "vitest";
import { parseAvroSchema, parseAvroSchemas } from "../../../../src/compat/index.js";
import { CodegenInputError } from "../../../../src/errors/index.js";

const source = (schema: unknown) => ({ schema, source: "order.avsc" });

describe("parseAvroSchemas", () => {
  it("shares one node per named type and makes recursion a cycle", () => {
    const node = parseAvroSchema(
      source({
        type: "record",
        name: "Node",
        namespace: "com.acme",
        fields: [
          { name: "next", type: ["null", "Node"], default: null },
          { name: "left", type: "int" },
          { name: "right", type: "int" },
        ],
      }),
    );
    if (node.type !== "RECORD") throw new Error("not a record");
    const next = node.fields[0]?.type;
    expect(next?.type === "UNION" && next.branches[1]).toBe(node);
    // Every primitive occurrence is its own node, as in Java (the checker memoises by identity).
    expect(node.fields[1]?.type).not.toBe(node.fields[2]?.type);
  });

  it("resolves names across documents, in any order, namespace first", () => {
    const set = parseAvroSchemas([
      {
        schema: { type: "record", name: "Order", namespace: "com.acme", fields: [{ name: "a", type: "Address" }] },
        source: "a",
      },
      { schema: { type: "record", name: "Address", namespace: "com.acme", fields: [] }, source: "b" },
    ]);
    expect([...set.named.keys()]).toEqual(["com.acme.Order", "com.acme.Address"]);
  });

  it("qualifies aliases as Java's getAliases does", () => {
    const node = parseAvroSchema(
      source({
        type: "enum",
        name: "Colour",
        namespace: "com.acme",
        symbols: ["A"],
        aliases: ["Color", "x.Old", ".Bare"],
      }),
    );
    expect("aliases" in node && node.aliases).toEqual(["com.acme.Color", "x.Old", ".Bare"]);
  });

  it.each([
    [
      "an undefined name",
      { type: "record", name: "R", fields: [{ name: "a", type: "Missing" }] },
      /undefined type name "Missing"/,
    ],
    [
      "a duplicate field",
      {
        type: "record",
        name: "R",
        fields: [
          { name: "a", type: "int" },
          { name: "a", type: "int" },
        ],
      },
      /declared twice/,
    ],
    [
      "an invalid default",
      { type: "record", name: "R", fields: [{ name: "a", type: "int", default: "x" }] },
      /invalid default/,
    ],
    [
      "an int default out of range",
      { type: "record", name: "R", fields: [{ name: "a", type: "int", default: 2 ** 31 }] },
      /invalid default/,
    ],
    ["a duplicate union branch", ["int", "string", "int"], /two INT branches/],
    ["a nested union", ["null", ["int"]], /cannot contain a union/],
    [
      "an enum default that is no symbol",
      { type: "enum", name: "E", symbols: ["A"], default: "B" },
      /not one of its symbols/,
    ],
    ["an invalid name", { type: "fixed", name: "9lives", size: 4 }, /not a valid Avro name/],
    ["a fixed without a size", { type: "fixed", name: "F" }, /needs a size/],
    ["something that is no schema", 42, /not a schema/],
  ])("rejects %s with a CodegenInputError naming the source", (_, schema, message) => {
    expect(() => parseAvroSchema(source(schema))).toThrow(CodegenInputError);
    expect(() => parseAvroSchema(source(schema))).toThrow(message);
    expect(() => parseAvroSchema(source(schema))).toThrow(/order\.avsc/);
  });

  it("rejects one name defined twice differently, and accepts the same definition read twice", () => {
    const a = { type: "fixed", name: "F", size: 4 };
    expect(() => parseAvroSchemas([source(a), source({ ...a, size: 8 })])).toThrow(/defined twice/);
    expect(parseAvroSchemas([source(a), source(a)]).named.size).toBe(1);
  });

  it("accepts a union default matching any branch, as Java 1.12 does", () => {
    const schema = { type: "record", name: "R", fields: [{ name: "a", type: ["null", "string"], default: "x" }] };
    expect(parseAvroSchema(source(schema)).type).toBe("RECORD");
  });
});

describe("hostile input", () => {
  it("refuses schemas nested deeper than MAX_AVRO_SCHEMA_DEPTH with a typed error, not a stack overflow", () => {
    let schema: unknown = "int";
    for (let depth = 0; depth < 100_000; depth += 1) schema = { type: "array", items: schema };
    expect(() => parseAvroSchema(source(schema))).toThrow(CodegenInputError);
    expect(() => parseAvroSchema(source(schema))).toThrow(/nested more than 500 deep/);
  });
});
