import { isAbsolute, join, relative } from "node:path";
import { CodegenInputError } from "../../../src/errors/index.js";

/** One diagnostic of `buf build --error-format json` (one JSON object per line). */
interface BufDiagnostic {
  readonly path?: string;
  readonly start_line?: number;
  readonly start_column?: number;
  readonly message?: string;
}

/**
 * The compiler's complaints as one CodegenInputError: the first diagnostic gives file, line and column;
 * every diagnostic is listed in the message. Paths are made relative to `cwd` as the user wrote them.
 */
export function compilerError(stderr: string, root: string, cwd: string, exitCode: number | null): CodegenInputError {
  const diagnostics = stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("{"))
    .flatMap((line): BufDiagnostic[] => {
      try {
        const parsed: unknown = JSON.parse(line);
        return typeof parsed === "object" && parsed !== null ? [parsed as BufDiagnostic] : [];
      } catch {
        return [];
      }
    });
  const fileOf = (path: string | undefined): string => {
    if (path === undefined || path === "") return "<protoc>";
    const absolute = isAbsolute(path) ? path : join(root, path);
    return relative(cwd, absolute).split("\\").join("/");
  };
  const first = diagnostics[0];
  if (first === undefined) {
    const text = stderr.trim().split("\n").slice(0, 20).join("\n");
    return new CodegenInputError(
      { file: "<protoc>" },
      `the Protobuf compiler failed (exit ${exitCode ?? "signal"}): ${text || "no output"}`,
    );
  }
  const where = (d: BufDiagnostic): string =>
    `${fileOf(d.path)}${d.start_line === undefined ? "" : `:${d.start_line}:${d.start_column ?? 1}`}`;
  const detail =
    diagnostics.length === 1
      ? (first.message ?? "compile error")
      : diagnostics.map((d) => `${where(d)}: ${d.message ?? "compile error"}`).join("; ");
  return new CodegenInputError(
    {
      file: fileOf(first.path),
      ...(first.start_line === undefined ? {} : { line: first.start_line }),
      ...(first.start_column === undefined ? {} : { column: first.start_column }),
    },
    detail,
  );
}
