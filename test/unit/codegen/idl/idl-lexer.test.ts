import { describe, expect, it } from "vitest";
import { AvroIdlError } from "../../../../codegen/load/idl/idl-errors.js";
import { tokenize } from "../../../../codegen/load/idl/idl-lexer.js";
import { JsonNumber } from "../../../../codegen/load/idl/json-value.js";
import { SourceText } from "../../../../codegen/load/idl/source-text.js";
import { CodegenInputError } from "../../../../src/errors/index.js";

const lex = (text: string) => tokenize(new SourceText("t.avdl", text));
const kinds = (text: string) => lex(text).map((token) => `${token.kind}:${token.text}`);

function lexError(text: string): AvroIdlError {
  try {
    lex(text);
  } catch (error) {
    if (error instanceof AvroIdlError) return error;
    throw error;
  }
  throw new Error("no error");
}

describe("IDL lexer", () => {
  it("reads keywords, identifiers with dots, dashes and backticks, and punctuation", () => {
    expect(kinds("record com.acme.Foo { `int` java-class; }")).toEqual([
      "identifier:record",
      "identifier:com.acme.Foo",
      "{:{",
      "identifier:`int`",
      "identifier:java-class",
      ";:;",
      "}:}",
      "end:",
    ]);
    const [keyword, quoted, longer] = lex("record `record` records");
    expect(keyword?.keyword).toBe(true);
    expect(quoted?.keyword).toBe(false);
    expect(quoted?.value).toBe("record");
    expect(longer?.keyword).toBe(false);
  });

  it("reads numbers as Java does: longest match, octal, hex, long suffix, NaN and Infinity", () => {
    const numbers = lex("0 017 0x1F -42 5L 1.5 .5 1e3 3f 0x1p4 NaN -Infinity 2147483648 08")
      .filter((token) => token.number !== undefined)
      .map((token) => [token.kind, token.number?.kind, token.number?.value]);
    expect(numbers).toEqual([
      ["integer", "int", 0],
      ["integer", "int", 15],
      ["integer", "int", 31],
      ["integer", "int", -42],
      ["integer", "long", 5],
      ["float", "double", 1.5],
      ["float", "double", 0.5],
      ["float", "double", 1000],
      ["float", "double", 3],
      ["float", "double", 16],
      ["float", "double", Number.NaN],
      ["float", "double", Number.NEGATIVE_INFINITY],
      ["integer", "long", 2147483648],
      ["integer", "int", 0],
      ["integer", "int", 8],
    ]);
    expect(lex("NaNa")[0]?.kind).toBe("identifier");
    expect(lex("-9223372036854775808")[0]?.number).toEqual(JsonNumber.ofInteger(-9223372036854775808n));
  });

  it("unescapes strings as Java does", () => {
    expect(lex(String.raw`"a\n\t\"\\\u00e9\101\7"`)[0]?.value).toBe('a\n\t"\\éA\u0007');
  });

  it("attaches the last doc comment before a token to it and skips other comments", () => {
    const tokens = lex("/** one */ /** two */ record // line\n /* block */ A /**/ B");
    expect(tokens[0]?.doc).toBe(" two ");
    expect(tokens[1]?.doc).toBeUndefined();
    expect(tokens.map((token) => token.text)).toEqual(["record", "A", "B", ""]);
  });

  it("ends the input at U+001A, as Avro's grammar does", () => {
    expect(kinds("record\u001a{ anything")).toEqual(["identifier:record", "end:"]);
  });

  it("reports unterminated comments and strings, bad escapes and stray characters with line:column", () => {
    const comment = lexError("record A {\n  /* never closed");
    expect(comment).toBeInstanceOf(CodegenInputError);
    expect(comment.message).toBe("read t.avdl:2:3: unterminated comment: no */ before the end of the file");
    expect([comment.sourceFile, comment.line, comment.column]).toEqual(["t.avdl", 2, 3]);
    expect(lexError('x = "open').message).toBe(
      "read t.avdl:1:5: unterminated string: no closing quote before the end of the file",
    );
    expect(lexError('"a\nb"').message).toContain("1:1: unterminated string: a string cannot span lines");
    expect(lexError(String.raw`"\q"`).message).toContain("1:2: invalid escape \\q");
    expect(lexError("record # A").message).toBe("read t.avdl:1:8: unexpected character U+0023");
    expect(lexError("x = 9223372036854775808;").message).toBe(
      "read t.avdl:1:5: the integer 9223372036854775808 is outside the range of a long",
    );
  });

  it("reads large files and long strings", () => {
    const text = `protocol P {\n${"  record R%d { string a; long b = 1; }\n".repeat(10_000)}}`.replaceAll("%d", "");
    expect(lex(text).length).toBe(10_000 * 12 + 5);
    expect(lex(`"${"x".repeat(1_000_000)}"`)[0]?.value.length).toBe(1_000_000);
    // A generous bound: the machine may be busy; this test is about correctness on big input, not speed.
  }, 60_000);
});
