import { objectKey } from "./ts-names.js";

/**
 * JSON as a TypeScript literal for generated code: a value that fits on the line is written inline
 * (`{ "name": "id", "type": "string" }`), a longer one an entry per line. Readable, and a one-field change
 * is a one-line diff.
 */
export function formatJson(value: unknown, indent: string, width = 110): string[] {
  if (typeof value !== "object" || value === null) return [JSON.stringify(value)];
  const inline = inlineJson(value, width - indent.length);
  if (inline !== undefined) return [inline];
  const inner = `${indent}  `;
  const entries: string[][] = Array.isArray(value)
    ? value.map((item) => formatJson(item, inner, width))
    : Object.entries(value).map(([key, item]) => {
        const [first = "", ...rest] = formatJson(item, inner, width - key.length - 4);
        return [`${objectKey(key, { quoted: true })}: ${first}`, ...rest];
      });
  const lines = [Array.isArray(value) ? "[" : "{"];
  entries.forEach((entry, index) => {
    const comma = index === entries.length - 1 ? "" : ",";
    entry.forEach((line, lineIndex) => {
      lines.push(`${lineIndex === 0 ? inner : ""}${line}${lineIndex === entry.length - 1 ? comma : ""}`);
    });
  });
  lines.push(`${indent}${Array.isArray(value) ? "]" : "}"}`);
  return lines;
}

/**
 * The value on one line, or undefined as soon as it is longer than `budget` characters: each level of a
 * deep schema is tried inline, so the attempt must stop early or formatting is quadratic in the depth.
 */
function inlineJson(value: unknown, budget: number): string | undefined {
  if (typeof value !== "object" || value === null) {
    const text = JSON.stringify(value);
    return text.length <= budget ? text : undefined;
  }
  const isArray = Array.isArray(value);
  const entries: (readonly [string, unknown])[] = isArray
    ? value.map((item) => ["", item] as const)
    : Object.entries(value).map(([key, item]) => [`${objectKey(key, { quoted: true })}: `, item] as const);
  // The brackets and the separators so far: never more than the final length.
  let length = isArray ? 2 : 4;
  const parts: string[] = [];
  for (const [prefix, item] of entries) {
    const separator = parts.length === 0 ? 0 : 2;
    const text = inlineJson(item, budget - length - separator - prefix.length);
    if (text === undefined) return undefined;
    parts.push(prefix + text);
    length += separator + prefix.length + text.length;
    if (length > budget) return undefined;
  }
  const inline = isArray ? `[${parts.join(", ")}]` : parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
  return inline.length <= budget ? inline : undefined;
}
