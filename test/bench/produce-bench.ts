import { KafkaReader } from "../support/kafka-reader.js";
import { startWithScripts } from "../support/scripts-services.js";
import type { Endpoints, ProduceCase } from "./produce/case.js";
import { JAVA_CASE } from "./produce/java.js";
import { KAFKAJS_BATCHED_CASE } from "./produce/kafkajs.js";
import { parseBenchOptions } from "./produce/options.js";
import { PLATFORMATIC_CASE } from "./produce/platformatic.js";
import { PYTHON_CASES } from "./produce/python.js";
import { valueBytes } from "./produce/records.js";
import { renderReport, type CaseOutcome } from "./produce/report.js";
import {
  collapseRun,
  type Failures,
  interleavedReps,
  latencyRuns,
  medians,
  message,
  prepareCases,
  progress,
} from "./produce/phases.js";
import type { RepSettings } from "./produce/reps.js";
import { SCHEMAKIT_CASES } from "./produce/schemakit.js";

// `npm run bench:produce` (also the second half of `npm run bench`): end-to-end produce throughput and
// client CPU per record of schemakit next to its peers (kafkajs + kafkajs-csr, Python confluent-kafka raw
// and with its AvroSerializer, Java kafka-clients, @platformatic/kafka on Node 22), in one run against the
// real broker and registry, at the shape of produce/shape.ts. Reps are interleaved (every case's rep 1,
// then every case's rep 2, ...) so a slow minute of the shared machine hits all cases alike. Then one
// 1,000,000-record run of schemakit's defaults (no collapse: within 10% of the 200,000-record median) and
// schemakit's latency at a fixed rate. Peer toolchains are installed on first use, under ~/.cache/schemakit.
//
//   npm run bench:produce                       the full run (about 5 minutes on 2 cores)
//   npm run bench:produce -- --quick            5,000 records, 1 rep, a 25,000-record collapse run
//   npm run bench:produce -- --cases=PATTERN    only the cases whose name matches (e.g. "schemakit|java")
//   npm run bench:produce -- --reps=N --records=N

const ALL_CASES: readonly ProduceCase[] = [
  ...SCHEMAKIT_CASES,
  KAFKAJS_BATCHED_CASE,
  ...PYTHON_CASES,
  JAVA_CASE,
  PLATFORMATIC_CASE,
];

async function endpoints(): Promise<Endpoints> {
  const brokers = process.env["KAFKA_BROKERS"];
  const registryUrl = process.env["SCHEMA_REGISTRY_URL"];
  if (brokers !== undefined && registryUrl !== undefined) return { brokers: brokers.split(","), registryUrl };
  const { endpoints: found } = await startWithScripts();
  return { brokers: [...found.kafkaBrokers], registryUrl: found.schemaRegistryUrl };
}

async function main(): Promise<void> {
  // schemakit's sends are not awaited one by one (its intended use): a failed one must not end the whole
  // bench. Its record is missing at the broker, so the count check fails that rep; this says why.
  let unhandled = 0;
  process.on("unhandledRejection", (reason) => {
    unhandled += 1;
    if (unhandled <= 3) progress(`a send failed: ${message(reason)}`);
  });
  const { shape, pattern } = parseBenchOptions(process.argv.slice(2));
  const cases = ALL_CASES.filter((benchCase) => pattern === undefined || pattern.test(benchCase.name));
  if (cases.length === 0) throw new Error(`no case matches ${String(pattern)}`);
  const found = await endpoints();
  const reader = new KafkaReader(found.brokers);
  const settings: RepSettings = { endpoints: found, shape, valueBytes: valueBytes(shape), reader };
  const failures: Failures = new Map(cases.map((benchCase) => [benchCase, []]));
  try {
    const ready = await prepareCases(cases, failures);
    const reps = await interleavedReps(ready, settings, failures);
    const baselines = medians(reps);
    const collapse = await collapseRun(ready, baselines, settings, failures);
    const latencies = await latencyRuns(ready, settings, failures);
    const outcomes: CaseOutcome[] = cases.map((benchCase) => {
      const latency = latencies.get(benchCase);
      return {
        benchCase,
        median: baselines.get(benchCase),
        reps: reps.get(benchCase)?.length ?? 0,
        failures: failures.get(benchCase) ?? [],
        ...(latency === undefined ? {} : { latency }),
      };
    });
    process.stdout.write(`${renderReport({ shape, valueBytes: settings.valueBytes, outcomes, collapse })}\n`);
  } finally {
    await reader.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:produce: ${message(error)}\n`);
  process.exit(1);
});
