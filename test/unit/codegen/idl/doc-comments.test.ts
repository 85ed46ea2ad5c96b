import { describe, expect, it } from "vitest";
import { docFromComment } from "../../../../codegen/load/idl/doc-comments.js";

// Expected values follow Avro's Java IDL reader (its stripIndents); the Java oracle test checks them
// against the real thing on the corpus.

describe("doc comments", () => {
  it("trims and keeps a one-line comment as it is", () => {
    expect(docFromComment("   A record.  ")).toBe("A record.");
    expect(docFromComment(" ")).toBe("");
  });

  it("removes the leading star (and one space after it) of every line", () => {
    expect(docFromComment("*\n   * First line.\n   *   indented\n   *\n   * Last.\n   ")).toBe(
      "\nFirst line.\n  indented\n\nLast.",
    );
    expect(docFromComment("** a\n ** b")).toBe("a\nb");
  });

  it("removes the indentation the lines after the first have in common", () => {
    expect(docFromComment("\n      Text\n        more\n      back\n  ")).toBe("Text\n  more\nback");
    expect(docFromComment("First\n    second\n  third")).toBe("First\n  second\nthird");
  });

  it("leaves mixed stars alone when a line has none", () => {
    expect(docFromComment("First line\n  * mixed\n     stars")).toBe("First line\n* mixed\n   stars");
  });
});
