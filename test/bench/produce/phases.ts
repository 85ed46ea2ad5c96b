import type { ProduceCase } from "./case.js";
import { measureLatency, type Latency } from "./latency.js";
import type { CollapseOutcome } from "./report.js";
import { freshContext, medianRep, runRep, type RepResult, type RepSettings } from "./reps.js";

// The bench's phases, in the order they run. A failure is noted against its case and the run goes on:
// one broken peer toolchain must not cost the figures of all the others.

export const progress = (line: string): boolean => process.stderr.write(`bench:produce ${line}\n`);
export const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Per case: what went wrong, in order (setup, reps, the collapse and latency runs). */
export type Failures = Map<ProduceCase, string[]>;

/** Installs or compiles what each case needs; answers the cases that are ready to run. */
export async function prepareCases(cases: readonly ProduceCase[], failures: Failures): Promise<ProduceCase[]> {
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
  return ready;
}

/** Every case's rep 1, then every case's rep 2, ...: a slow minute of the shared machine hits all alike. */
export async function interleavedReps(
  cases: readonly ProduceCase[],
  settings: RepSettings,
  failures: Failures,
): Promise<Map<ProduceCase, RepResult[]>> {
  const reps = new Map<ProduceCase, RepResult[]>(cases.map((benchCase) => [benchCase, []]));
  for (let rep = 1; rep <= settings.shape.reps; rep += 1) {
    for (const benchCase of cases) {
      try {
        const result = await runRep(benchCase, settings, settings.shape.records);
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
  return reps;
}

export function medians(reps: ReadonlyMap<ProduceCase, readonly RepResult[]>): Map<ProduceCase, RepResult> {
  const out = new Map<ProduceCase, RepResult>();
  for (const [benchCase, results] of reps) if (results.length > 0) out.set(benchCase, medianRep(results));
  return out;
}

/** No collapse: the first schemakit case with a median, once at the collapse count, against that median. */
export async function collapseRun(
  cases: readonly ProduceCase[],
  baselines: ReadonlyMap<ProduceCase, RepResult>,
  settings: RepSettings,
  failures: Failures,
): Promise<CollapseOutcome | undefined> {
  const benchCase = cases.find((c) => c.schemakit !== undefined && baselines.has(c));
  const baseline = benchCase === undefined ? undefined : baselines.get(benchCase);
  if (benchCase === undefined || baseline === undefined) return undefined;
  const records = settings.shape.collapseRecords;
  try {
    const result = await runRep(benchCase, settings, records);
    progress(`${benchCase.name} at ${records} records: ${Math.round(result.recordsPerSecond)} records/s`);
    return { name: benchCase.name, records, result, baseline };
  } catch (error) {
    failures.get(benchCase)?.push(`${records}-record run: ${message(error)}`);
    progress(`${benchCase.name} at ${records} records failed: ${message(error)}`);
    return undefined;
  }
}

/** Send-to-acknowledgement latency of each schemakit case and each peer that measures it, on fresh topics. */
export async function latencyRuns(
  cases: readonly ProduceCase[],
  settings: RepSettings,
  failures: Failures,
): Promise<Map<ProduceCase, Latency>> {
  const latencies = new Map<ProduceCase, Latency>();
  for (const benchCase of cases.filter((c) => c.schemakit !== undefined || c.peerLatency !== undefined)) {
    try {
      const context = await freshContext(settings, 0, "bench-latency");
      const latency = await (benchCase.peerLatency?.(context) ?? measureLatency(benchCase, context));
      latencies.set(benchCase, latency);
      progress(`${benchCase.name} latency: p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms`);
    } catch (error) {
      failures.get(benchCase)?.push(`latency: ${message(error)}`);
      progress(`${benchCase.name} latency failed: ${message(error)}`);
    }
  }
  return latencies;
}
