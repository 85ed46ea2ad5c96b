import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

// What the Java oracles of the tests share: a classpath fetched from Maven Central with mvn once and cached
// under $SCHEMAKIT_CACHE (~/.cache/schemakit), and one JVM that answers a whole corpus given as JSON (a
// JVM start and the source launcher's compile take seconds, so never one per case).

const MVN_TIMEOUT_MS = 300_000;
const JAVA_TIMEOUT_MS = 120_000;

/** Where the project caches what it fetches: $SCHEMAKIT_CACHE, else ~/.cache/schemakit. */
export function schemakitCache(): string {
  return process.env["SCHEMAKIT_CACHE"] ?? join(homedir(), ".cache", "schemakit");
}

/** A Maven project whose runtime dependencies are an oracle's classpath. */
export interface OracleClasspath {
  /** The pom.xml declaring the dependencies, its version set by `-D<versionProperty>=<version>`. */
  readonly pom: string;
  readonly versionProperty: string;
  readonly version: string;
  /** The folder the jars go to (kept between runs). */
  readonly libs: string;
  /** A jar that must be there once mvn is done: the library under test. */
  readonly expectedJar: string;
  /** Said when mvn fails: what it was fetching. */
  readonly hint: string;
}

const classpaths = new Map<string, Promise<string>>();

/** The classpath folder, fetched with mvn on first use (a failure says what is missing; it never skips). */
export function oracleClasspath(spec: OracleClasspath): Promise<string> {
  let fetched = classpaths.get(spec.libs);
  if (fetched === undefined) {
    fetched = fetchClasspath(spec);
    classpaths.set(spec.libs, fetched);
  }
  return fetched;
}

async function fetchClasspath(spec: OracleClasspath): Promise<string> {
  const complete = join(spec.libs, ".complete");
  if (existsSync(complete)) return spec.libs;
  await rm(spec.libs, { recursive: true, force: true });
  await mkdir(spec.libs, { recursive: true });
  // maven-dependency-plugin is pinned: Maven 3.8's default binding is a 2.x plugin without these options.
  await runProcess(
    "mvn",
    [
      "-B",
      "-q",
      "-f",
      spec.pom,
      `-D${spec.versionProperty}=${spec.version}`,
      "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies",
      "-DincludeScope=runtime",
      `-DoutputDirectory=${spec.libs}`,
    ],
    { timeoutMs: MVN_TIMEOUT_MS, hint: spec.hint },
  );
  if (!existsSync(join(spec.libs, spec.expectedJar))) throw new Error(`${spec.expectedJar} missing after mvn`);
  await writeFile(complete, "");
  return spec.libs;
}

/** The java binary: $JAVA_HOME's when set, else the one on the PATH. */
export function javaBinary(): string {
  const home = process.env["JAVA_HOME"];
  return home === undefined ? "java" : join(home, "bin", "java");
}

/**
 * Runs the single-file Java `main` on the classpath with the cases written to a JSON file (its one
 * argument), and parses the JSON array it prints: one answer per case, in input order.
 */
export async function javaAnswers<T>(classpath: string, main: string, cases: readonly unknown[]): Promise<T[]> {
  const dir = await mkdtemp(join(tmpdir(), "schemakit-java-oracle-"));
  try {
    const input = join(dir, "cases.json");
    await writeFile(input, JSON.stringify(cases));
    const output = await runProcess(javaBinary(), ["-cp", join(classpath, "*"), main, input], {
      timeoutMs: JAVA_TIMEOUT_MS,
      hint: "a JDK (11 or newer, with its compiler) runs the oracle",
    });
    const answers = JSON.parse(output) as T[];
    if (answers.length !== cases.length) throw new Error(`java answered ${answers.length} of ${cases.length} cases`);
    return answers;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface RunOptions {
  readonly timeoutMs?: number;
  readonly cwd?: string;
  /** Said when the command fails: what it needs. */
  readonly hint: string;
}

/** Runs a command and resolves with its stdout; a failure names the command, the hint and its stderr. */
export function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<string> {
  const { timeoutMs = 0, cwd, hint } = options;
  return new Promise((resolve, reject) => {
    const settings = { timeout: timeoutMs, maxBuffer: 256 << 20, ...(cwd === undefined ? {} : { cwd }) };
    execFile(command, [...args], settings, (error, stdout, stderr) => {
      if (error) {
        const shown = args.slice(0, 3).join(" ");
        reject(new Error(`${command} ${shown}… failed (${hint}): ${error.message}\n${stderr.trim()}`));
        return;
      }
      resolve(stdout);
    });
  });
}
