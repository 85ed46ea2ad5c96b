import { SdkError, type SdkErrorOptions } from "./sdk-error.js";

/** Where in the input a codegen error was found; every part that is known. */
export interface CodegenInputContext {
  /** The schema or config file, as given on the command line or in the config. */
  readonly file: string;
  /** JSON path inside the file, e.g. `$.fields[2].type`, when the error is inside a JSON document. */
  readonly jsonPath?: string;
  /** The full name of the named type being read, when there is one. */
  readonly typeName?: string;
  /** 1-based line and column, when a compiler reported them (Protobuf). */
  readonly line?: number;
  readonly column?: number;
}

/** A schema or codegen config that cannot be generated from: names the file, JSON path and type. */
export class CodegenInputError extends SdkError {
  override readonly name = "CodegenInputError";
  readonly code = "CODEGEN_INPUT_INVALID";
  readonly file: string;
  readonly jsonPath: string | undefined;
  readonly typeName: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(context: CodegenInputContext, detail: string, options?: SdkErrorOptions) {
    const where = [
      context.jsonPath === undefined ? "" : ` at ${context.jsonPath}`,
      context.typeName === undefined ? "" : ` (type ${context.typeName})`,
    ].join("");
    const at =
      context.line === undefined ? "" : `:${context.line}${context.column === undefined ? "" : `:${context.column}`}`;
    super(`read ${context.file}${at}${where}: ${detail}`, options);
    this.file = context.file;
    this.jsonPath = context.jsonPath;
    this.typeName = context.typeName;
    this.line = context.line;
    this.column = context.column;
  }
}

/** The generator could not read or write its output folder: names the path and the operation. */
export class CodegenOutputError extends SdkError {
  override readonly name = "CodegenOutputError";
  readonly code = "CODEGEN_OUTPUT_FAILED";

  constructor(
    /** What was being done: "read", "write", "remove" or "list". */
    readonly operation: string,
    readonly path: string,
    detail: string,
    options?: SdkErrorOptions,
  ) {
    super(`${operation} ${path}: ${detail}`, options);
  }
}
