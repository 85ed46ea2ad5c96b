import { objectKey } from "./ts-names.js";

/**
 * JSON as a TypeScript literal for generated code: a value that fits on the line is written inline
 * (`{ "name": "id", "type": "string" }`), a longer one an entry per line. Readable, and a one-field change
 * is a one-line diff.
 */
export function formatJson(value: unknown, indent: string, width = 110): string[] {
  const inline = inlineJson(value);
  if (indent.length + inline.length <= width || typeof value !== "object" || value === null) return [inline];
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

function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(
      ([key, item]) => `${objectKey(key, { quoted: true })}: ${inlineJson(item)}`,
    );
    return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
  }
  return JSON.stringify(value);
}
