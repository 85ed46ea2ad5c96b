import { execFile } from "node:child_process";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { createFileRegistry, fromBinary, type DescFile, type FileRegistry } from "@bufbuild/protobuf";
import { type FileDescriptorSet, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { CodegenInputError } from "../../../src/errors/index.js";
import { bufBinaryPath } from "./buf-binary.js";
import { compilerError } from "./compiler-diagnostics.js";
import { fileDescriptorBytes } from "./descriptor-bytes.js";

export interface CompileProtosOptions {
  /** The .proto files to compile; each must lie under one of the include paths. */
  readonly files: readonly string[];
  /** Where imports are looked up, as protoc's --proto_path; defaults to the working directory. */
  readonly includePaths?: readonly string[];
  /** Resolves relative paths and names files in errors; defaults to process.cwd(). */
  readonly cwd?: string;
}

/** The compiled files: their descriptors (imports and well-known types included) and the ones asked for. */
export interface CompiledProtos {
  readonly fileSet: FileDescriptorSet;
  readonly registry: FileRegistry;
  /** The requested files, in the order given, by their import path ("com/acme/order.proto"). */
  readonly files: readonly DescFile[];
  /** Every file's FileDescriptorProto as the compiler encoded it, without source info, by import path. */
  readonly descriptorBytes: ReadonlyMap<string, Uint8Array>;
}

// 256 MiB: a FileDescriptorSet of thousands of files with source info stays far below it.
const MAX_OUTPUT_BYTES = 256 << 20;

/**
 * Compiles .proto files with one `buf build` invocation, however many files there are, and decodes the
 * FileDescriptorSet it prints. Compile errors become a CodegenInputError naming file:line:col.
 */
export async function compileProtos(options: CompileProtosOptions): Promise<CompiledProtos> {
  const cwd = options.cwd ?? process.cwd();
  const includePaths = (options.includePaths ?? ["."]).map((path) => resolve(cwd, path));
  if (options.files.length === 0) throw new CodegenInputError({ file: "<protoc>" }, "no .proto files to compile");
  const root = commonAncestor(includePaths);
  const targets = options.files.map((file) => {
    const absolute = resolve(cwd, file);
    const include = includePaths.find((path) => isInside(absolute, path));
    if (include === undefined) {
      throw new CodegenInputError(
        { file },
        `not under any include path (${includePaths.map((path) => relative(cwd, path) || ".").join(", ")})`,
      );
    }
    return { importPath: toPosix(relative(include, absolute)), buildPath: toPosix(relative(root, absolute)) };
  });
  const config = JSON.stringify({
    version: "v2",
    modules: includePaths.map((path) => ({ path: toPosix(relative(root, path)) || "." })),
  });
  const args = ["build", "--config", config, "--error-format", "json", "--as-file-descriptor-set", "-o", "-"];
  for (const target of targets) args.push("--path", target.buildPath);
  const bytes = await runBuf(args, root, cwd);
  const fileSet = fromBinary(FileDescriptorSetSchema, bytes);
  const encoded = fileDescriptorBytes(bytes);
  const descriptorBytes = new Map<string, Uint8Array>();
  // Decoding keeps the set's order; should the counts ever differ, descriptors are encoded again instead.
  if (encoded.length === fileSet.file.length) {
    for (const [index, file] of fileSet.file.entries()) descriptorBytes.set(file.name, encoded[index] as Uint8Array);
  }
  const registry = createFileRegistry(fileSet);
  const files = targets.map(({ importPath }) => {
    const file = registry.getFile(importPath);
    if (file === undefined) {
      throw new CodegenInputError({ file: importPath }, "the compiler returned no descriptor for this file");
    }
    return file;
  });
  return { fileSet, registry, files, descriptorBytes };
}

function runBuf(args: readonly string[], root: string, cwd: string): Promise<Uint8Array> {
  const binary = bufBinaryPath();
  return new Promise((resolvePromise, reject) => {
    execFile(
      binary,
      args,
      { cwd: root, encoding: "buffer", maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true, env: bufEnvironment() },
      (error, stdout, stderr) => {
        if (error === null) {
          resolvePromise(new Uint8Array(stdout.buffer, stdout.byteOffset, stdout.byteLength));
          return;
        }
        const exitCode = typeof error.code === "number" ? error.code : null;
        if (exitCode === null) {
          reject(new CodegenInputError({ file: "<protoc>" }, `could not run ${binary}`, { cause: error }));
          return;
        }
        reject(compilerError(stderr.toString("utf8"), root, cwd, exitCode));
      },
    );
  });
}

// buf is a one-shot Go process: with Go's default GOGC=100 it spent 15-30% of its CPU time collecting
// garbage over 1,000 files. GOGC=400 trades memory for that time (about 195 MB → 225 MB there), and
// GOMEMLIMIT caps the trade (the collector runs more often near it). Either set by the user wins.
function bufEnvironment(): NodeJS.ProcessEnv {
  return { GOGC: "400", GOMEMLIMIT: "1GiB", ...process.env };
}

function commonAncestor(paths: readonly string[]): string {
  const split = paths.map((path) => path.split(sep));
  const first = split[0] ?? [];
  let length = first.length;
  for (const parts of split) {
    let same = 0;
    while (same < length && parts[same] === first[same]) same += 1;
    length = same;
  }
  return first.slice(0, length).join(sep) || sep;
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}
