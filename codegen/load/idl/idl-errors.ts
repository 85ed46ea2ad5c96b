import { CodegenInputError } from "../../../src/errors/index.js";

/** A place in a source file: 1-based line and column. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * An Avro IDL (or imported .avsc / .avpr) file that cannot be read. A CodegenInputError, so the CLI exits 2;
 * its file context is `file:line:col`, the form editors and terminals link to.
 */
export class AvroIdlError extends CodegenInputError {
  /** The file as given (relative to the working directory when it was given so). */
  readonly sourceFile: string;
  /** What the parser expected at that place, when the error is a syntax error. */
  readonly expected: string | undefined;

  constructor(at: SourcePosition, detail: string, options: { expected?: string; cause?: unknown } = {}) {
    super(
      { file: at.file, line: at.line, column: at.column },
      detail,
      options.cause === undefined ? {} : { cause: options.cause },
    );
    this.sourceFile = at.file;
    this.expected = options.expected;
  }
}
