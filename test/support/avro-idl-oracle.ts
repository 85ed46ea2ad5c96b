import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { javaBinary, oracleClasspath, runProcess, schemakitCache } from "./java-oracle.js";

// Runs Apache Avro's own IDL compiler (org.apache.avro:avro-idl from Maven Central) as the oracle of the
// IDL reader; the small Java main runs in the JDK's single-file source mode, so there is nothing to build.

export const AVRO_IDL_VERSION = "1.12.2";
const HELPER_DIR = fileURLToPath(new URL("./java/avro-idl/", import.meta.url));

/** What Java derived from one file: a protocol, a schema-syntax file, or the error it threw. */
export type JavaIdlResult =
  | { readonly file: string; readonly protocol: unknown }
  | { readonly file: string; readonly schema: unknown; readonly types: unknown[] }
  | { readonly file: string; readonly error: string };

/** The classpath folder, fetched with mvn on first use (a failure says what is missing; it never skips). */
export function avroIdlClasspath(): Promise<string> {
  return oracleClasspath({
    pom: join(HELPER_DIR, "pom.xml"),
    versionProperty: "avro.version",
    version: AVRO_IDL_VERSION,
    libs: join(schemakitCache(), "avro-idl", AVRO_IDL_VERSION),
    expectedJar: `avro-idl-${AVRO_IDL_VERSION}.jar`,
    hint: "mvn (Maven) is needed to fetch org.apache.avro:avro-idl from Maven Central",
  });
}

/** Runs Java's IDL compiler on each file (paths as given, relative to `cwd`), in one JVM. */
export async function javaIdl(files: readonly string[], cwd: string): Promise<JavaIdlResult[]> {
  const classpath = await avroIdlClasspath();
  const stdout = await runProcess(
    javaBinary(),
    ["-cp", join(classpath, "*"), join(HELPER_DIR, "AvroIdlOracle.java"), ...files],
    {
      hint: "a JDK (11 or newer, with its compiler) is needed to run the Avro IDL oracle",
      cwd,
    },
  );
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as JavaIdlResult);
}
