import { AvroIdlError } from "./idl-errors.js";
import { JsonNumber, type JsonValue } from "./json-value.js";
import { MAX_NESTING_DEPTH } from "./idl-parser.js";
import type { SourceText } from "./source-text.js";

/**
 * Parses JSON text (an imported .avsc or .avpr) strictly, keeping what Java's JSON reader keeps: whether a
 * number is an int, a long or a double. Errors carry line and column; nesting is bounded.
 */
export function parseJsonText(source: SourceText): JsonValue {
  const { text } = source;
  let offset = 0;
  let depth = 0;
  const fail = (at: number, detail: string): never => {
    throw new AvroIdlError(source.position(at), detail);
  };
  const skipSpace = (): void => {
    while (offset < text.length && " \t\n\r".includes(text[offset] as string)) offset++;
  };
  const value = (): JsonValue => {
    skipSpace();
    const char = text[offset];
    if (char === "{" || char === "[") {
      if (++depth > MAX_NESTING_DEPTH) fail(offset, `JSON nests deeper than ${MAX_NESTING_DEPTH} levels`);
      const result = char === "{" ? object() : array();
      depth--;
      return result;
    }
    if (char === '"') return string();
    for (const [word, result] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, offset)) {
        offset += word.length;
        return result;
      }
    }
    const match = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
    match.lastIndex = offset;
    const number = match.exec(text);
    if (number === null) return fail(offset, char === undefined ? "unexpected end of JSON" : "expected a JSON value");
    offset += number[0].length;
    if (number[1] === undefined && number[2] === undefined) return JsonNumber.ofInteger(BigInt(number[0]));
    return JsonNumber.ofDouble(Number(number[0]));
  };
  const object = (): JsonValue => {
    offset++;
    const result = new Map<string, JsonValue>();
    skipSpace();
    if (text[offset] === "}") {
      offset++;
      return result;
    }
    for (;;) {
      skipSpace();
      if (text[offset] !== '"') fail(offset, "expected a quoted key");
      const key = string();
      skipSpace();
      if (text[offset] !== ":") fail(offset, 'expected ":"');
      offset++;
      result.set(key, value());
      skipSpace();
      if (text[offset] === ",") {
        offset++;
        continue;
      }
      if (text[offset] === "}") {
        offset++;
        return result;
      }
      fail(offset, 'expected "," or "}"');
    }
  };
  const array = (): JsonValue => {
    offset++;
    const result: JsonValue[] = [];
    skipSpace();
    if (text[offset] === "]") {
      offset++;
      return result;
    }
    for (;;) {
      result.push(value());
      skipSpace();
      if (text[offset] === ",") {
        offset++;
        continue;
      }
      if (text[offset] === "]") {
        offset++;
        return result;
      }
      fail(offset, 'expected "," or "]"');
    }
  };
  const string = (): string => {
    const start = offset;
    offset++;
    let out = "";
    for (;;) {
      const plainStart = offset;
      for (let code = text.charCodeAt(offset); code >= 0x20 && code !== 0x22 && code !== 0x5c; ) {
        code = text.charCodeAt(++offset);
      }
      out += text.slice(plainStart, offset);
      const char = text[offset];
      if (char === undefined) return fail(start, "unterminated string");
      if (char === '"') {
        offset++;
        return out;
      }
      if (char !== "\\") return fail(offset, "a control character inside a string");
      const escaped = text[offset + 1];
      const simple: Record<string, string> = {
        '"': '"',
        "\\": "\\",
        "/": "/",
        b: "\b",
        f: "\f",
        n: "\n",
        r: "\r",
        t: "\t",
      };
      if (escaped !== undefined && escaped in simple) {
        out += simple[escaped];
        offset += 2;
      } else if (escaped === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(offset + 2, offset + 6))) {
        out += String.fromCharCode(Number.parseInt(text.slice(offset + 2, offset + 6), 16));
        offset += 6;
      } else fail(offset, "invalid escape in a string");
    }
  };
  const result = value();
  skipSpace();
  if (offset < text.length) fail(offset, "unexpected content after the JSON value");
  return result;
}
