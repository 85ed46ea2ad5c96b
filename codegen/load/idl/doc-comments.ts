// Doc comments become `doc` the way Avro's Java IDL reader writes them: the text between `/**` and `*/`,
// trimmed, then either the leading stars of every line removed (when every line after the first starts
// with the same one or two stars) or the indentation common to the lines after the first removed.

const LINE_BREAK = /\r\n|[\n\r\u0085\u2028\u2029]/;
const HORIZONTAL_SPACE = "[ \\t\\u00a0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]";
const LEADING_SPACE = new RegExp(`^${HORIZONTAL_SPACE}*`);

/** The `doc` of a doc comment's inner text (what lies between `/**` and `*\/`). */
export function docFromComment(inner: string): string {
  const text = javaTrim(inner);
  const lines = text.split(LINE_BREAK);
  const breaks = text.match(new RegExp(LINE_BREAK.source, "g")) ?? [];
  for (const stars of ["**", "*"]) {
    if (!lines[0]?.startsWith(stars)) continue;
    if (!lines.slice(1).every((line) => line.replace(LEADING_SPACE, "").startsWith(stars))) continue;
    const stripped = lines.map((line, index) => {
      const rest = (index === 0 ? line : line.replace(LEADING_SPACE, "")).slice(stars.length);
      return rest.replace(new RegExp(`^${HORIZONTAL_SPACE}`), "");
    });
    return join(stripped, breaks);
  }
  if (lines.length < 2) return text;
  // The longest prefix of the second line's indentation that every later line starts with.
  let indent = (lines[1] as string).match(LEADING_SPACE)?.[0] ?? "";
  while (indent !== "" && !lines.slice(2).every((line) => line.startsWith(indent))) indent = indent.slice(0, -1);
  if (indent === "") return text;
  return join(
    lines.map((line, index) => (index === 0 ? line : line.slice(indent.length))),
    breaks,
  );
}

function join(lines: readonly string[], breaks: readonly string[]): string {
  let out = lines[0] ?? "";
  for (let index = 1; index < lines.length; index++) out += (breaks[index - 1] ?? "\n") + (lines[index] as string);
  return out;
}

// Java's String.trim: removes every character up to U+0020 from both ends.
function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}
