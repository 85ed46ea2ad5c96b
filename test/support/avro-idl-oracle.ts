import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Runs Apache Avro's own IDL compiler (org.apache.avro:avro-idl from Maven Central) as the oracle of the
// IDL reader. The jars are fetched once with mvn into ~/.cache/schemakit/avro-idl/<version>/; the small
// Java main runs in the JDK's single-file source mode, so there is nothing to build.

export const AVRO_IDL_VERSION = "1.12.2";
const HELPER_DIR = fileURLToPath(new URL("./java/avro-idl/", import.meta.url));
const MAIN = join(HELPER_DIR, "AvroIdlOracle.java");
const CACHE =
  process.env["SCHEMAKIT_CACHE"] === undefined
    ? join(homedir(), ".cache", "schemakit")
    : process.env["SCHEMAKIT_CACHE"];
const JARS = join(CACHE, "avro-idl", AVRO_IDL_VERSION);
const COMPLETE = join(JARS, ".complete");

/** What Java derived from one file: a protocol, a schema-syntax file, or the error it threw. */
export type JavaIdlResult =
  | { readonly file: string; readonly protocol: unknown }
  | { readonly file: string; readonly schema: unknown; readonly types: unknown[] }
  | { readonly file: string; readonly error: string };

let jars: Promise<string> | undefined;

/** The classpath folder, fetched with mvn on first use (a failure says what is missing; it never skips). */
export function avroIdlClasspath(): Promise<string> {
  jars ??= (async () => {
    if (existsSync(COMPLETE)) return JARS;
    await rm(JARS, { recursive: true, force: true });
    await mkdir(JARS, { recursive: true });
    await run(
      "mvn",
      [
        "-B",
        "-q",
        "-f",
        join(HELPER_DIR, "pom.xml"),
        `-Davro.version=${AVRO_IDL_VERSION}`,
        // Pinned: Maven 3.8's default binding is a 2.x plugin without these options.
        "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies",
        "-DincludeScope=runtime",
        `-DoutputDirectory=${JARS}`,
      ],
      "mvn (Maven) is needed to fetch org.apache.avro:avro-idl from Maven Central",
    );
    const fetched = await readdir(JARS);
    if (!fetched.includes(`avro-idl-${AVRO_IDL_VERSION}.jar`)) throw new Error(`avro-idl jar missing in ${JARS}`);
    await writeFile(COMPLETE, "");
    return JARS;
  })();
  return jars;
}

/** Runs Java's IDL compiler on each file (paths as given, relative to `cwd`), in one JVM. */
export async function javaIdl(files: readonly string[], cwd: string): Promise<JavaIdlResult[]> {
  const classpath = await avroIdlClasspath();
  const java = process.env["JAVA_HOME"] === undefined ? "java" : join(process.env["JAVA_HOME"], "bin", "java");
  const stdout = await run(
    java,
    ["-cp", join(classpath, "*"), MAIN, ...files],
    "a JDK (11 or newer, with its compiler) is needed to run the Avro IDL oracle",
    cwd,
  );
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as JavaIdlResult);
}

function run(command: string, args: readonly string[], hint: string, cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { maxBuffer: 64 << 20, ...(cwd === undefined ? {} : { cwd }) }, (error, out, err) => {
      if (error) reject(new Error(`${command} failed (${hint}): ${error.message}\n${err.trim()}`));
      else resolve(out);
    });
  });
}
