import { KafkaReader } from "../support/kafka-reader.js";
import { startWithScripts } from "../support/scripts-services.js";
import type { Endpoints, ProduceCase } from "./produce/case.js";
import { JAVA_CASE } from "./produce/java.js";
import { KAFKAJS_BATCHED_CASE } from "./produce/kafkajs.js";
import { measureLatency, type Latency } from "./produce/latency.js";
import { parseBenchOptions } from "./produce/options.js";
import { PLATFORMATIC_CASE } from "./produce/platformatic.js";
import { PYTHON_CASES } from "./produce/python.js";
import { valueBytes } from "./produce/records.js";
import { renderReport, type CaseOutcome, type CollapseOutcome } from "./produce/report.js";
import { freshContext, medianRep, runRep, type RepResult, type RepSettings } from "./produce/reps.js";
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

const progress = (line: string): boolean => process.stderr.write(`bench:produce ${line}\n`);
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

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
  const reps = new Map<ProduceCase, RepResult[]>(cases.map((benchCase) => [benchCase, []]));
  const failures = new Map<ProduceCase, string[]>(cases.map((benchCase) => [benchCase, []]));
  try {
    // A case whose toolchain cannot be set up is reported as failed; the others still run.
    const ready: ProduceCase[] = [];
    for (const benchCase of cases) {
      try {
        await benchCase.prepare?.();
        ready.push(benchCase);
      } catch (error) {
        failures.get(benchCase)?.push(`setup: ${message(error)}`);
        progress(`${benchCase.name}: setup failed: ${message(error)}`);
      }
    }
    for (let rep = 1; rep <= shape.reps; rep += 1) {
      for (const benchCase of ready) {
        try {
          const result = await runRep(benchCase, settings, shape.records);
          reps.get(benchCase)?.push(result);
          progress(
            `${benchCase.name} rep ${rep}: ${Math.round(result.recordsPerSecond)} records/s, ` +
              `${result.cpuMicrosPerRecord.toFixed(1)} µs CPU per record`,
          );
        } catch (error) {
          failures.get(benchCase)?.push(`rep ${rep}: ${message(error)}`);
          progress(`${benchCase.name} rep ${rep} failed: ${message(error)}`);
        }
      }
    }
    const medians = new Map(
      cases.map((c) => [c, (reps.get(c)?.length ?? 0) > 0 ? medianRep(reps.get(c) ?? []) : undefined]),
    );

    // No collapse: the first schemakit case at the collapse count, against its own median above.
    let collapse: CollapseOutcome | undefined;
    const collapseCase = cases.find((c) => c.schemakit !== undefined && medians.get(c) !== undefined);
    const collapseBaseline = collapseCase === undefined ? undefined : medians.get(collapseCase);
    if (collapseCase !== undefined && collapseBaseline !== undefined) {
      try {
        const result = await runRep(collapseCase, settings, shape.collapseRecords);
        collapse = { name: collapseCase.name, records: shape.collapseRecords, result, baseline: collapseBaseline };
        progress(
          `${collapseCase.name} at ${shape.collapseRecords} records: ${Math.round(result.recordsPerSecond)} records/s`,
        );
      } catch (error) {
        failures.get(collapseCase)?.push(`${shape.collapseRecords}-record run: ${message(error)}`);
      }
    }

    const latencies = new Map<ProduceCase, Latency>();
    for (const benchCase of cases.filter((c) => c.schemakit !== undefined)) {
      try {
        const latency = await measureLatency(benchCase, await freshContext(settings, 0, "bench-latency"));
        latencies.set(benchCase, latency);
        progress(`${benchCase.name} latency: p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms`);
      } catch (error) {
        failures.get(benchCase)?.push(`latency: ${message(error)}`);
      }
    }

    const outcomes: CaseOutcome[] = cases.map((benchCase) => {
      const latency = latencies.get(benchCase);
      return {
        benchCase,
        median: medians.get(benchCase),
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
