import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { javaAnswers, oracleClasspath, schemakitCache } from "./java-oracle.js";

// Apache Avro's own SchemaCompatibility (Java, from Maven Central) as the oracle of the compatibility
// tests; one JVM checks a whole corpus.

const AVRO_VERSION = "1.12.2";
const HERE = fileURLToPath(new URL("./java/avro-compat/", import.meta.url));

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

/** The oracle's classpath (a folder of jars), fetched from Maven Central with mvn on first use. */
export function avroOracleClasspath(): Promise<string> {
  return oracleClasspath({
    pom: join(HERE, "pom.xml"),
    versionProperty: "avro.version",
    version: AVRO_VERSION,
    libs: join(schemakitCache(), `avro-compat-${AVRO_VERSION}`, "libs"),
    expectedJar: `avro-${AVRO_VERSION}.jar`,
    hint: "mvn (Maven) fetches org.apache.avro:avro from Maven Central",
  });
}

/** Java's checkReaderWriterCompatibility for every pair, in one JVM; verdicts in input order. */
export async function javaReaderWriterVerdicts(pairs: readonly OraclePair[]): Promise<OracleVerdict[]> {
  return javaAnswers<OracleVerdict>(await avroOracleClasspath(), join(HERE, "AvroCompatOracle.java"), pairs);
}
