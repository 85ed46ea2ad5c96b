import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { interopPython } from "../../support/python-interop.js";
import { USER_EVENT_SCHEMA_TEXT } from "../fixtures.js";
import { peerArgs, peerTimeoutMs, runPeer, runPeerLatency } from "./child.js";
import { BENCH_PEERS_CACHE, PEERS_DIR } from "./cache.js";
import type { ProduceCase, RunContext } from "./case.js";

// The Python peers: confluent-kafka 2.16.0 (librdkafka) from the interop venv, which
// scripts/interop/setup-python.sh builds on first use.

const SCRIPT = join(PEERS_DIR, "confluent_kafka_producer.py");

/** The schema text every client registers, byte for byte (Apicurio gives whitespace variants new ids). */
function schemaFile(): string {
  mkdirSync(BENCH_PEERS_CACHE, { recursive: true });
  const hash = createHash("sha256").update(USER_EVENT_SCHEMA_TEXT).digest("hex").slice(0, 16);
  const file = join(BENCH_PEERS_CACHE, `user-event-${hash}.avsc`);
  writeFileSync(file, USER_EVENT_SCHEMA_TEXT);
  return file;
}

function pythonCase(mode: "raw" | "avro", name: string, label: string): ProduceCase {
  const modeArgs = (context: RunContext): string[] =>
    mode === "raw"
      ? []
      : [
          `--registry=${context.endpoints.registryUrl}`,
          `--schema=${schemaFile()}`,
          `--payload-bytes=${context.shape.payloadBytes}`,
        ];
  return {
    name,
    label,
    prepare: async () => {
      await interopPython();
    },
    run: async (context) =>
      runPeer(
        `confluent_kafka_producer.py ${mode}`,
        await interopPython(),
        [SCRIPT, mode, ...peerArgs(context), ...modeArgs(context)],
        peerTimeoutMs(context),
      ),
    // librdkafka's send-to-delivery latency at the same rate, against the same broker: what the machine
    // and the broker allow a native client.
    ...(mode === "raw"
      ? {
          peerLatency: async (context: RunContext) =>
            runPeerLatency(
              "confluent_kafka_producer.py raw latency",
              await interopPython(),
              [
                SCRIPT,
                mode,
                ...peerArgs(context),
                `--latency-rate=${context.shape.latencyRatePerSecond}`,
                `--latency-seconds=${context.shape.latencySeconds}`,
              ],
              peerTimeoutMs(context),
            ),
        }
      : {}),
  };
}

export const PYTHON_CASES: readonly ProduceCase[] = [
  pythonCase(
    "raw",
    "python confluent-kafka raw",
    "Python confluent-kafka 2.16.0 (librdkafka), raw bytes, produce() per record, defaults but acks=all",
  ),
  pythonCase(
    "avro",
    "python confluent-kafka avro",
    "Python confluent-kafka 2.16.0, its AvroSerializer per record, produce() per record, defaults but acks=all",
  ),
];
