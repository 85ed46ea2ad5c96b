import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { javaAnswers, oracleClasspath, schemakitCache } from "./java-oracle.js";

// Apicurio Registry's own Protobuf compatibility checker (Java, from Maven Central) as the oracle of the
// strict rules; one JVM checks the whole corpus. 3.1.7 is the newest version of the checker's artifact
// (apicurio-registry-schema-util-protobuf) on Maven Central.

const APICURIO_VERSION = "3.1.7";
const HERE = fileURLToPath(new URL("./java/protobuf-compat/", import.meta.url));

/** One (old, new) pair of .proto texts. */
export interface ProtobufOraclePair {
  readonly id: string;
  readonly old: string;
  readonly new: string;
}

/** Apicurio's verdicts at three levels, and its checker library's differences each way. */
export type ProtobufOracleVerdict =
  | {
      readonly id: string;
      readonly BACKWARD: boolean;
      readonly FORWARD: boolean;
      readonly FULL: boolean;
      readonly backward: readonly string[];
      readonly forward: readonly string[];
    }
  | { readonly id: string; readonly error: string };

/** The oracle's classpath (a folder of jars), fetched from Maven Central with mvn on first use. */
export function protobufOracleClasspath(): Promise<string> {
  return oracleClasspath({
    pom: join(HERE, "pom.xml"),
    versionProperty: "apicurio.version",
    version: APICURIO_VERSION,
    libs: join(schemakitCache(), `protobuf-compat-apicurio-${APICURIO_VERSION}`, "libs"),
    expectedJar: `apicurio-registry-schema-util-protobuf-${APICURIO_VERSION}.jar`,
    hint: "mvn (Maven) fetches Apicurio's Protobuf checker from Maven Central",
  });
}

/** Apicurio's verdicts for every pair, in one JVM, in input order. */
export async function apicurioProtobufVerdicts(pairs: readonly ProtobufOraclePair[]): Promise<ProtobufOracleVerdict[]> {
  const main = join(HERE, "ProtobufCompatOracle.java");
  return javaAnswers<ProtobufOracleVerdict>(await protobufOracleClasspath(), main, pairs);
}
