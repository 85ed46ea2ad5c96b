import { describe, expect, it } from "vitest";
import { checkAvroReaderWriter, parseAvroSchema, parseAvroSchemas } from "../../../../src/compat/index.js";
import { CodegenInputError } from "../../../../src/errors/index.js";

// Expectations from the Avro specification's schema resolution rules and Avro's documented report
// format; the full corpus is checked against Java itself in test/interop/avro-compat-java.test.ts.

function check(reader: unknown, writer: unknown) {
  const result = checkAvroReaderWriter(
    parseAvroSchema({ schema: reader, source: "reader" }),
    parseAvroSchema({ schema: writer, source: "writer" }),
  );
  return {
    compatible: result.compatible,
    found: result.incompatibilities.map(({ type, location, detail }) => `${type} ${location} ${detail}`),
  };
}

const order = (...fields: object[]) => ({ type: "record", name: "Order", namespace: "com.acme", fields });

describe("checkAvroReaderWriter", () => {
  it("promotes int→long→float→double and string↔bytes, never back", () => {
    const promotions: [string, string][] = [
      ["long", "int"],
      ["float", "int"],
      ["float", "long"],
      ["double", "float"],
      ["bytes", "string"],
      ["string", "bytes"],
    ];
    for (const [reader, writer] of promotions)
      expect(check(reader, writer).compatible, `${writer}→${reader}`).toBe(true);
    expect(check("int", "long").found).toEqual([
      "TYPE_MISMATCH / reader type: INT not compatible with writer type: LONG",
    ]);
  });

  it("reports every incompatibility with its JSON pointer, in field order", () => {
    const reader = order({ name: "a", type: "string" }, { name: "b", type: "int" }, { name: "c", type: "long" });
    const writer = order({ name: "a", type: "int" }, { name: "c", type: "boolean" });
    expect(check(reader, writer).found).toEqual([
      "TYPE_MISMATCH /fields/0/type reader type: STRING not compatible with writer type: INT",
      "READER_FIELD_MISSING_DEFAULT_VALUE /fields/1 b",
      "TYPE_MISMATCH /fields/2/type reader type: LONG not compatible with writer type: BOOLEAN",
    ]);
  });

  it("compares names without namespace, and counts reader aliases (qualified)", () => {
    const renamed = { ...order(), name: "Purchase" };
    expect(check({ ...order(), namespace: "org.other" }, order()).compatible).toBe(true);
    expect(check(renamed, order()).found).toEqual(["NAME_MISMATCH /name expected: com.acme.Order"]);
    expect(check({ ...renamed, aliases: ["Order"] }, order()).compatible).toBe(true);
  });

  it("reads a renamed field through the reader field's aliases", () => {
    expect(
      check(order({ name: "amount", type: "int", aliases: ["total"] }), order({ name: "total", type: "int" }))
        .compatible,
    ).toBe(true);
  });

  it("lets the reader's enum default stand in for symbols it lacks, and lists missing symbols sorted", () => {
    const writer = { type: "enum", name: "Color", symbols: ["RED", "GREEN", "BLUE", "AMBER"] };
    expect(check({ type: "enum", name: "Color", symbols: ["RED", "GREEN"] }, writer).found).toEqual([
      "MISSING_ENUM_SYMBOLS /symbols [AMBER, BLUE]",
    ]);
    expect(check({ type: "enum", name: "Color", symbols: ["RED"], default: "RED" }, writer).compatible).toBe(true);
  });

  it("checks each writer union branch against the reader", () => {
    expect(check(["null", "string"], ["null", "string", "int", "long"]).found).toEqual([
      "MISSING_UNION_BRANCH /2 reader union lacking writer type: INT",
      "MISSING_UNION_BRANCH /3 reader union lacking writer type: LONG",
    ]);
    expect(check("string", ["null", "string"]).found).toEqual([
      "TYPE_MISMATCH /0 reader type: STRING not compatible with writer type: NULL",
    ]);
    expect(check(["null", "long"], "int").compatible).toBe(true);
  });

  it("terminates on recursive and mutually recursive schemas", () => {
    const tree = (valueType: string) => ({
      type: "record",
      name: "Tree",
      fields: [
        { name: "value", type: valueType },
        {
          name: "forest",
          type: { type: "record", name: "Forest", fields: [{ name: "trees", type: { type: "array", items: "Tree" } }] },
        },
      ],
    });
    expect(check(tree("long"), tree("int")).compatible).toBe(true);
    expect(check(tree("int"), tree("long")).found).toEqual([
      "TYPE_MISMATCH /fields/0/type reader type: INT not compatible with writer type: LONG",
    ]);
  });

  it("compares fixed names and sizes", () => {
    expect(check({ type: "fixed", name: "A", size: 4 }, { type: "fixed", name: "B", size: 8 }).found).toEqual([
      "NAME_MISMATCH /name expected: B",
      "FIXED_SIZE_MISMATCH /size expected: 8, found: 4",
    ]);
  });

  it("refuses a reader field that matches two writer fields, as Avro does", () => {
    const reader = order({ name: "a", type: "int", aliases: ["b"] });
    const writer = order({ name: "a", type: "int" }, { name: "b", type: "int" });
    expect(() => check(reader, writer)).toThrow(CodegenInputError);
  });
});

describe("checkAvroReaderWriter on hostile input", () => {
  it("a chain of named types longer than the check's depth bound is a typed error, not a stack overflow", () => {
    const chain = (length: number, last: string) =>
      parseAvroSchemas(
        Array.from({ length }, (_, index) => ({
          schema: {
            type: "record",
            name: `R${index}`,
            fields: [{ name: "next", type: index === length - 1 ? last : `R${index + 1}` }],
          },
          source: `r${index}.avsc`,
        })),
      ).roots[0];
    const reader = chain(5_000, "int");
    const writer = chain(5_000, "long");
    if (reader === undefined || writer === undefined) throw new Error("no roots");
    expect(() => checkAvroReaderWriter(reader, writer)).toThrow(CodegenInputError);
    const [shortReader, shortWriter] = [chain(900, "int"), chain(900, "long")];
    if (shortReader === undefined || shortWriter === undefined) throw new Error("no roots");
    expect(checkAvroReaderWriter(shortReader, shortWriter).incompatibilities.map(({ type }) => type)).toEqual([
      "TYPE_MISMATCH",
    ]);
  });
});
