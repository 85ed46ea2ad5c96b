import type { SourcePosition } from "./idl-errors.js";

/** A file's text with line starts indexed, so that offsets become line:column only when an error needs them. */
export class SourceText {
  private lineStarts: number[] | undefined;

  constructor(
    /** The file as shown in messages. */
    readonly file: string,
    readonly text: string,
  ) {}

  position(offset: number): SourcePosition {
    this.lineStarts ??= indexLines(this.text);
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { file: this.file, line: low + 1, column: offset - (starts[low] as number) + 1 };
  }
}

function indexLines(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) starts.push(index + 1);
  return starts;
}
