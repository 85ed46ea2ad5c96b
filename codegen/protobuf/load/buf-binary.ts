import { createRequire } from "node:module";
import { arch, endianness } from "node:os";
import { dirname, join } from "node:path";
import { CodegenInputError } from "../../../src/errors/index.js";

// @bufbuild/buf ships its compiler as one optional npm package per platform, so installing it downloads
// nothing outside npm; we run that package's binary directly (no Node wrapper process in between).
const PLATFORM_PACKAGES: Readonly<Record<string, string>> = {
  "darwin arm64 LE": "@bufbuild/buf-darwin-arm64",
  "darwin x64 LE": "@bufbuild/buf-darwin-x64",
  "linux arm64 LE": "@bufbuild/buf-linux-aarch64",
  "linux arm LE": "@bufbuild/buf-linux-armv7",
  "linux x64 LE": "@bufbuild/buf-linux-x64",
  "win32 arm64 LE": "@bufbuild/buf-win32-arm64",
  "win32 x64 LE": "@bufbuild/buf-win32-x64",
};

let resolved: string | undefined;

/** The path of the `buf` executable for this platform; a CodegenInputError when it is not installed. */
export function bufBinaryPath(): string {
  if (resolved !== undefined) return resolved;
  const platform = `${process.platform} ${arch()} ${endianness()}`;
  const pkg = PLATFORM_PACKAGES[platform];
  if (pkg === undefined) {
    throw new CodegenInputError({ file: "<protoc>" }, `no @bufbuild/buf binary is published for ${platform}`);
  }
  try {
    const packageJson = createRequire(import.meta.url).resolve(`${pkg}/package.json`);
    resolved = join(dirname(packageJson), "bin", process.platform === "win32" ? "buf.exe" : "buf");
    return resolved;
  } catch (cause) {
    throw new CodegenInputError(
      { file: "<protoc>" },
      `${pkg} is not installed (npm skipped the optional dependency of @bufbuild/buf?)`,
      { cause },
    );
  }
}
