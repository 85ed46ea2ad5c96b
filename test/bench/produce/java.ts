import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import { join } from "node:path";
import { peerArgs, peerTimeoutMs, runPeer } from "./child.js";
import { BENCH_PEERS_CACHE, PEERS_DIR, REPO_ROOT, runSetup, SCHEMAKIT_CACHE } from "./cache.js";
import type { ProduceCase } from "./case.js";

// The Java peer: kafka-clients from the jars scripts/services/fetch-kafka.sh resolved for the broker
// (kafka-clients and its runtime dependencies are among them), BenchProducer.java compiled once with
// javac and cached by the hash of its source and classpath.

const KAFKA_VERSION = process.env["KAFKA_VERSION"] ?? "3.9.1";
const KAFKA_LIBS = join(process.env["KAFKA_HOME"] ?? join(SCHEMAKIT_CACHE, "kafka", KAFKA_VERSION), "libs");
// kafka-clients' runtime dependencies; without an slf4j binding it logs nothing (one warning at start).
const CLIENT_JARS = [/^kafka-clients-/, /^zstd-jni-/, /^lz4-java-/, /^snappy-java-/, /^slf4j-api-/];
const SOURCE = join(PEERS_DIR, "BenchProducer.java");
const LINGER_MS = 5;
const BATCH_SIZE = 65_536;

let compiled: Promise<string> | undefined;

async function classpath(): Promise<string[]> {
  if (!existsSync(join(KAFKA_LIBS, ".complete"))) {
    await runSetup("bash", [join(REPO_ROOT, "scripts", "services", "fetch-kafka.sh")]);
  }
  const jars = readdirSync(KAFKA_LIBS).filter((file) => CLIENT_JARS.some((pattern) => pattern.test(file)));
  if (jars.length !== CLIENT_JARS.length) {
    throw new Error(`kafka-clients and its dependencies not all in ${KAFKA_LIBS}: found ${jars.join(", ")}`);
  }
  return jars.sort().map((jar) => join(KAFKA_LIBS, jar));
}

/** The classpath to run BenchProducer with: its compiled class first, then the client jars. */
async function compile(): Promise<string> {
  const jars = await classpath();
  const hash = createHash("sha256").update(readFileSync(SOURCE)).update(jars.join(":")).digest("hex").slice(0, 16);
  const out = join(BENCH_PEERS_CACHE, "java", hash);
  if (!existsSync(join(out, "BenchProducer.class"))) {
    // Compiled beside, then renamed: a run killed mid-compile never leaves a half-written class behind.
    const staging = `${out}.${process.pid}`;
    await mkdir(staging, { recursive: true });
    await runSetup("javac", ["-cp", jars.join(":"), "-d", staging, SOURCE]);
    await rename(staging, out);
  }
  return [out, ...jars].join(":");
}

export const JAVA_CASE: ProduceCase = {
  name: "java kafka-clients raw",
  label: `Java kafka-clients ${KAFKA_VERSION}, raw bytes, send() per record, linger.ms ${LINGER_MS}, batch.size 64 KiB`,
  prepare: async () => {
    compiled ??= compile();
    await compiled;
  },
  run: async (context) => {
    compiled ??= compile();
    const cp = await compiled;
    return runPeer(
      "java BenchProducer",
      "java",
      ["-cp", cp, "BenchProducer", ...peerArgs(context), `--linger-ms=${LINGER_MS}`, `--batch-size=${BATCH_SIZE}`],
      peerTimeoutMs(context),
    );
  },
};
