import { execFile } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Everything the peers need is installed on first use by the bench itself, under the project's cache
// (never by `npm ci` or `npm test`), and reused from there by later runs.

export const SCHEMAKIT_CACHE = process.env["SCHEMAKIT_CACHE"] ?? join(homedir(), ".cache", "schemakit");
export const BENCH_PEERS_CACHE = join(SCHEMAKIT_CACHE, "bench-peers");
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const PEERS_DIR = fileURLToPath(new URL("../peers/", import.meta.url));

/** Runs a setup command to completion; its output goes to our stderr only when it fails. */
export function runSetup(
  command: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly timeoutMs?: number } = {},
): Promise<string> {
  const { cwd = REPO_ROOT, timeoutMs = 15 * 60_000 } = options;
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout: timeoutMs, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${command} ${args.join(" ")} failed: ${error.message}\n${stderr.trim().slice(-4_000)}`));
        return;
      }
      resolve(stdout);
    });
  });
}
