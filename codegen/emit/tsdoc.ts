/** A TSDoc block at `indent`: the schema's doc text (comment terminators escaped), then tag lines. */
export function tsdoc(indent: string, doc: string | undefined, tags: readonly string[]): string[] {
  const text = [
    ...(doc === undefined
      ? []
      : doc
          .trim()
          .split(/\r?\n/)
          .map((line) => line.trim())),
    ...(doc !== undefined && tags.length > 0 ? [""] : []),
    ...tags,
  ];
  const safe = text.map((line) => line.replaceAll("*/", "*\\/"));
  if (safe.length === 1) return [`${indent}/** ${safe[0]} */`];
  return [`${indent}/**`, ...safe.map((line) => (line === "" ? `${indent} *` : `${indent} * ${line}`)), `${indent} */`];
}
