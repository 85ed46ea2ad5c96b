import { AvroIdlError } from "./idl-errors.js";
import { JsonNumber } from "./json-value.js";
import type { SourceText } from "./source-text.js";

/** The words Avro IDL reserves; each is still usable wherever the grammar asks for an identifier. */
export const IDL_KEYWORDS: ReadonlySet<string> = new Set([
  "protocol",
  "namespace",
  "import",
  "idl",
  "schema",
  "enum",
  "fixed",
  "error",
  "record",
  "array",
  "map",
  "union",
  "boolean",
  "int",
  "long",
  "float",
  "double",
  "string",
  "bytes",
  "null",
  "true",
  "false",
  "decimal",
  "date",
  "time_ms",
  "timestamp_ms",
  "local_timestamp_ms",
  "uuid",
  "void",
  "oneway",
  "throws",
]);

export type TokenKind =
  | "identifier"
  | "string"
  | "integer"
  | "float"
  | "("
  | ")"
  | "{"
  | "}"
  | "["
  | "]"
  | ":"
  | ";"
  | ","
  | "@"
  | "="
  | "."
  | "-"
  | "?"
  | "<"
  | ">"
  | "end";

export interface Token {
  readonly kind: TokenKind;
  /** The characters as written. */
  readonly text: string;
  readonly offset: number;
  /** Identifiers: the name without backticks. Strings: the unescaped value. */
  readonly value: string;
  /** Whether an identifier is one of IDL_KEYWORDS as written (without backticks). */
  readonly keyword: boolean;
  /** Integer and float literals. */
  readonly number?: JsonNumber;
  /** The inner text of the last doc comment between the previous token and this one. */
  readonly doc?: string;
}

const INTEGER = /-?(?:0[xX][0-9a-fA-F]+|[1-9][0-9]*|0[0-7]*)[lL]?/y;
const FLOAT = new RegExp(
  [
    "[+-]?(?:NaN|Infinity",
    "|0[xX](?:[0-9a-fA-F]*\\.[0-9a-fA-F]+|[0-9a-fA-F]+\\.?)[pP][+-]?[0-9]+[fFdD]?",
    "|(?:[0-9]+\\.[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?",
    "|[0-9]+(?:[eE][+-]?[0-9]+[fFdD]?|[fFdD]))",
  ].join(""),
  "y",
);
const IDENTIFIER_PART = /`[\p{XID_Start}_][\p{XID_Continue}]*`|[\p{XID_Start}_][\p{XID_Continue}]*/uy;
const PUNCTUATION = new Set<string>(["(", ")", "{", "}", "[", "]", ":", ";", ",", "@", "=", ".", "-", "?", "<", ">"]);
const WHITESPACE = new Set<string>([" ", "\t", "\n", "\r", "\f"]);
// U+001A (SUB) ends the input: Avro's grammar ignores whatever follows it.
const END_OF_FILE_MARK = "\u001a";

/**
 * Splits an IDL file into tokens, following the lexer rules of Avro's grammar (longest match, keywords
 * before identifiers, `NaN` and `Infinity` are numbers). Comments are dropped; a doc comment is attached
 * to the token after it. Characters the grammar has no token for are errors (Avro's Java lexer skips
 * them with a warning).
 */
export function tokenize(source: SourceText): Token[] {
  const { text } = source;
  const tokens: Token[] = [];
  let offset = 0;
  let doc: string | undefined;
  const fail = (at: number, detail: string): never => {
    throw new AvroIdlError(source.position(at), detail);
  };
  const push = (token: Omit<Token, "doc" | "keyword" | "value"> & { value?: string; keyword?: boolean }): void => {
    tokens.push({
      ...token,
      value: token.value ?? token.text,
      keyword: token.keyword ?? false,
      ...(doc === undefined ? {} : { doc }),
    });
    doc = undefined;
  };
  while (offset < text.length) {
    const char = text[offset] as string;
    if (WHITESPACE.has(char)) {
      offset++;
      continue;
    }
    if (char === END_OF_FILE_MARK) break;
    if (char === "/" && text[offset + 1] === "/") {
      const end = text.indexOf("\n", offset);
      offset = end === -1 ? text.length : end + 1;
      continue;
    }
    if (char === "/" && text[offset + 1] === "*") {
      // Longest match, as Avro's lexer: `/**` starts a doc comment that runs to the next `*/` after it
      // (even `/**/ ... */`); `/**/` is an empty comment only when no `*/` follows.
      const end = text.indexOf("*/", offset + 3);
      if (end !== -1 && text[offset + 2] === "*") doc = text.slice(offset + 3, end);
      if (end === -1 && text.startsWith("/**/", offset)) {
        offset += 4;
        continue;
      }
      if (end === -1) fail(offset, "unterminated comment: no */ before the end of the file");
      offset = end + 2;
      continue;
    }
    if (char === '"') {
      const { value, end } = readString(text, offset, fail);
      push({ kind: "string", text: text.slice(offset, end), offset, value });
      offset = end;
      continue;
    }
    const number = readNumber(text, offset);
    // Java reads integer literals with Long.decode, which refuses anything outside the long range.
    if (number?.number.kind === "big") fail(offset, `the integer ${number.text} is outside the range of a long`);
    if (number !== undefined) {
      push({ ...number, offset });
      offset += number.text.length;
      continue;
    }
    const identifier = readIdentifier(text, offset);
    if (identifier !== undefined) {
      push({
        kind: "identifier",
        text: identifier,
        offset,
        value: identifier.replaceAll("`", ""),
        keyword: IDL_KEYWORDS.has(identifier),
      });
      offset += identifier.length;
      continue;
    }
    if (PUNCTUATION.has(char)) {
      push({ kind: char as TokenKind, text: char, offset });
      offset++;
      continue;
    }
    const code = text.codePointAt(offset) ?? 0;
    fail(offset, `unexpected character U+${code.toString(16).toUpperCase().padStart(4, "0")}`);
  }
  tokens.push({ kind: "end", text: "", offset: Math.min(offset, text.length), value: "", keyword: false });
  return tokens;
}

function readIdentifier(text: string, start: number): string | undefined {
  IDENTIFIER_PART.lastIndex = start;
  const first = IDENTIFIER_PART.exec(text);
  if (first === null) return undefined;
  let end = start + first[0].length;
  // Parts joined by dots or dashes are one identifier token (`com.acme.Name`, `java-class`).
  for (;;) {
    const separator = text[end];
    if (separator !== "." && separator !== "-") break;
    IDENTIFIER_PART.lastIndex = end + 1;
    const part = IDENTIFIER_PART.exec(text);
    if (part === null) break;
    end += 1 + part[0].length;
  }
  return text.slice(start, end);
}

function readNumber(
  text: string,
  start: number,
): { kind: "integer" | "float"; text: string; number: JsonNumber } | undefined {
  const char = text[start] as string;
  if (!/[-+.0-9NI]/.test(char)) return undefined;
  INTEGER.lastIndex = start;
  const integer = INTEGER.exec(text)?.[0];
  FLOAT.lastIndex = start;
  const float = FLOAT.exec(text)?.[0];
  if (float !== undefined && (integer === undefined || float.length > integer.length)) {
    // `NaNo` or `Infinity_` are identifiers: the longer match wins.
    if (/[a-zA-Z_]/.test(char) || /^[+-]?(NaN|Infinity)$/.test(float)) {
      const identifier = readIdentifier(text, start);
      if (identifier !== undefined && identifier.length > float.length) return undefined;
    }
    return { kind: "float", text: float, number: JsonNumber.ofDouble(parseJavaDouble(float)) };
  }
  if (integer === undefined) return undefined;
  return { kind: "integer", text: integer, number: parseJavaLong(integer) };
}

/** Java's Long.decode of an IDL integer literal (decimal, 0x hex, 0 octal; an L suffix makes it a long). */
export function parseJavaLong(literal: string): JsonNumber {
  const long = /[lL]$/.test(literal);
  let digits = long ? literal.slice(0, -1) : literal;
  const negative = digits.startsWith("-");
  if (negative) digits = digits.slice(1);
  const magnitude = /^0[xX]/.test(digits)
    ? BigInt(digits)
    : digits.length > 1 && digits.startsWith("0")
      ? BigInt(`0o${digits.slice(1)}`)
      : BigInt(digits);
  return JsonNumber.ofInteger(negative ? -magnitude : magnitude, long);
}

/** Java's Double.parseDouble of an IDL floating-point literal. */
export function parseJavaDouble(literal: string): number {
  let text = literal.replace(/[fFdD]$/, "");
  if (/^[+-]?0[xX]/.test(literal)) text = literal; // a hex float's digits may end in d or f
  const negative = text.startsWith("-");
  const unsigned = text.replace(/^[+-]/, "");
  let magnitude: number;
  if (unsigned === "NaN") return Number.NaN;
  if (unsigned === "Infinity") magnitude = Number.POSITIVE_INFINITY;
  else if (/^0[xX]/.test(unsigned)) {
    const match = /^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)/.exec(unsigned);
    const whole = match?.[1] ?? "";
    const fraction = match?.[2] ?? "";
    const mantissa = BigInt(`0x${whole}${fraction}` === "0x" ? "0" : `0x${whole}${fraction}`);
    magnitude = Number(mantissa) * 2 ** (Number(match?.[3] ?? 0) - 4 * fraction.length);
  } else magnitude = Number(unsigned);
  return negative ? -magnitude : magnitude;
}

function readString(
  text: string,
  start: number,
  fail: (at: number, detail: string) => never,
): { value: string; end: number } {
  let value = "";
  let offset = start + 1;
  for (;;) {
    const char = text[offset];
    if (char === undefined) return fail(start, "unterminated string: no closing quote before the end of the file");
    if (char === '"') return { value, end: offset + 1 };
    if (char === "\n" || char === "\r") return fail(start, "unterminated string: a string cannot span lines");
    if (char === "\b" || char === "\f" || char === "\t")
      return fail(offset, "a string cannot hold a raw tab, backspace or form feed: write \\t, \\b or \\f");
    if (char !== "\\") {
      value += char;
      offset++;
      continue;
    }
    const next = text[offset + 1];
    const simple: Record<string, string> = {
      n: "\n",
      r: "\r",
      b: "\b",
      f: "\f",
      t: "\t",
      "\\": "\\",
      "'": "'",
      '"': '"',
    };
    if (next !== undefined && next in simple) {
      value += simple[next];
      offset += 2;
    } else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(offset + 2, offset + 6))) {
      value += String.fromCharCode(Number.parseInt(text.slice(offset + 2, offset + 6), 16));
      offset += 6;
    } else if (next !== undefined && /[0-7]/.test(next)) {
      const octal = /^(?:[0-3][0-7]{2}|[0-7]{1,2})/.exec(text.slice(offset + 1, offset + 4))?.[0] ?? next;
      value += String.fromCharCode(Number.parseInt(octal, 8));
      offset += 1 + octal.length;
    } else {
      return fail(
        offset,
        `invalid escape \\${next ?? ""} in a string (allowed: \\n \\r \\b \\f \\t \\\\ \\' \\" \\uXXXX, octal)`,
      );
    }
  }
}
