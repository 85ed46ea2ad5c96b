import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Apache Avro's own SchemaCompatibility (Java, from Maven Central) as the oracle of the compatibility
// tests: the classpath is resolved with mvn once and cached under $SCHEMAKIT_CACHE (~/.cache/schemakit);
// one JVM checks a whole corpus (a JVM start and the source launcher's compile take seconds).

const AVRO_VERSION = "1.12.2";
const HERE = fileURLToPath(new URL("./java/avro-compat/", import.meta.url));
const POM = join(HERE, "pom.xml");
const MAIN = join(HERE, "AvroCompatOracle.java");
const MVN_TIMEOUT_MS = 300_000;
const JAVA_TIMEOUT_MS = 120_000;

/** One (reader, writer) pair for Java; references are schemas defining named types the side uses. */
export interface OraclePair {
  readonly id: string;
  readonly reader: unknown;
  readonly writer: unknown;
  readonly readerReferences?: readonly unknown[];
  readonly writerReferences?: readonly unknown[];
}

/** Java's verdict for a pair, or the exception it threw while parsing or checking. */
export type OracleVerdict =
  | {
      readonly id: string;
      readonly compatible: boolean;
      readonly incompatibilities: readonly { type: string; location: string; message: string }[];
    }
  | { readonly id: string; readonly error: string };

function cacheDir(): string {
  return join(process.env["SCHEMAKIT_CACHE"] ?? join(homedir(), ".cache", "schemakit"), `avro-compat-${AVRO_VERSION}`);
}

function run(command: string, args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { timeout: timeoutMs, maxBuffer: 256 << 20 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${command} ${args.slice(0, 3).join(" ")}… failed: ${error.message}\n${stderr.trim()}`));
        return;
      }
      resolve(stdout);
    });
  });
}

let classpath: Promise<string> | undefined;

/** The oracle's classpath (a folder of jars), fetched from Maven Central with mvn on first use. */
export function avroOracleClasspath(): Promise<string> {
  classpath ??= (async () => {
    const libs = join(cacheDir(), "libs");
    if (existsSync(join(libs, ".complete"))) return libs;
    await rm(libs, { recursive: true, force: true });
    await mkdir(libs, { recursive: true });
    // maven-dependency-plugin is pinned: Maven 3.8's default binding is a 2.x plugin without these options.
    await run(
      "mvn",
      [
        "-B",
        "-q",
        "-f",
        POM,
        `-Davro.version=${AVRO_VERSION}`,
        "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies",
        "-DincludeScope=runtime",
        `-DoutputDirectory=${libs}`,
      ],
      MVN_TIMEOUT_MS,
    );
    if (!existsSync(join(libs, `avro-${AVRO_VERSION}.jar`)))
      throw new Error(`avro ${AVRO_VERSION}: jar missing after mvn`);
    await writeFile(join(libs, ".complete"), "");
    return libs;
  })();
  return classpath;
}

/** Java's checkReaderWriterCompatibility for every pair, in one JVM; verdicts in input order. */
export async function javaReaderWriterVerdicts(pairs: readonly OraclePair[]): Promise<OracleVerdict[]> {
  const libs = await avroOracleClasspath();
  const dir = await mkdtemp(join(tmpdir(), "schemakit-avro-compat-"));
  try {
    const input = join(dir, "pairs.json");
    await writeFile(input, JSON.stringify(pairs));
    const output = await run("java", ["-cp", join(libs, "*"), MAIN, input], JAVA_TIMEOUT_MS);
    const verdicts = JSON.parse(output) as OracleVerdict[];
    if (verdicts.length !== pairs.length) throw new Error(`java answered ${verdicts.length} of ${pairs.length} pairs`);
    return verdicts;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
