import type { ProduceCase } from "./case.js";
import type { Latency } from "./latency.js";
import type { RepResult } from "./reps.js";
import type { BenchShape } from "./shape.js";

export interface CaseOutcome {
  readonly benchCase: ProduceCase;
  readonly median: RepResult | undefined;
  readonly reps: number;
  readonly failures: readonly string[];
  readonly latency?: Latency;
}

export interface CollapseOutcome {
  readonly name: string;
  readonly records: number;
  readonly result: RepResult;
  readonly baseline: RepResult;
}

export interface Report {
  readonly shape: BenchShape;
  readonly valueBytes: number;
  readonly outcomes: readonly CaseOutcome[];
  readonly collapse: CollapseOutcome | undefined;
}

// The targets for schemakit's defaults, against the peers measured in the same run.
const SCHEMAKIT = "schemakit defaults";
const SCHEMAKIT_DEFAULT_LINGER_MS = 5;
const RATIO_TARGETS: readonly { readonly peer: string; readonly atLeast: number }[] = [
  { peer: "kafkajs+csr hand-batched", atLeast: 5 },
  { peer: "python confluent-kafka avro", atLeast: 2.5 },
  { peer: "java kafka-clients raw", atLeast: 1 },
  { peer: "python confluent-kafka raw", atLeast: 0.5 },
];
const CPU_TARGET_MICROS = 5;

const int = (value: number): string => (Number.isFinite(value) ? Math.round(value).toLocaleString("en") : "–");
const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : "–");
const verdict = (ok: boolean): string => (ok ? "met" : "NOT met");

function table(report: Report): string[] {
  const baseline = report.outcomes.find((o) => o.benchCase.name === RATIO_TARGETS[0]?.peer)?.median;
  const rows = [
    "| case | records/s | MB/s | client CPU µs/record | disk bytes/record | × kafkajs hand-batched " +
      "| p50 / p99 ms at 10,000/s | reps |",
    "|---|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const { benchCase, median, reps, latency } of report.outcomes) {
    const ratio = median && baseline ? `${fixed(median.recordsPerSecond / baseline.recordsPerSecond, 2)}×` : "–";
    const lat = latency === undefined ? "" : `${fixed(latency.p50, 1)} / ${fixed(latency.p99, 1)}`;
    const cells = [
      benchCase.label,
      int(median?.recordsPerSecond ?? Number.NaN),
      fixed(median?.megabytesPerSecond ?? Number.NaN, 1),
      fixed(median?.cpuMicrosPerRecord ?? Number.NaN, 1),
      fixed(median?.diskBytesPerRecord ?? Number.NaN, 1),
      ratio,
      lat,
      String(reps),
    ];
    rows.push(`| ${cells.join(" | ")} |`);
  }
  return rows;
}

function targets(report: Report): string[] {
  const find = (name: string): CaseOutcome | undefined => report.outcomes.find((o) => o.benchCase.name === name);
  const ours = find(SCHEMAKIT);
  if (ours?.median === undefined) return [`Targets: not checked (no ${SCHEMAKIT} figure in this run).`];
  const lines = [`Targets (${SCHEMAKIT}, typed Avro records through send, acks=all, no compression):`];
  for (const { peer, atLeast } of RATIO_TARGETS) {
    const theirs = find(peer)?.median;
    if (theirs === undefined) {
      lines.push(`- ≥ ${atLeast}× ${peer}: not measured in this run`);
      continue;
    }
    const ratio = ours.median.recordsPerSecond / theirs.recordsPerSecond;
    lines.push(`- ≥ ${atLeast}× ${peer}: ${fixed(ratio, 2)}×, ${verdict(ratio >= atLeast)}`);
  }
  const cpu = ours.median.cpuMicrosPerRecord;
  lines.push(
    `- ≤ ${CPU_TARGET_MICROS} µs client CPU per record: ${fixed(cpu, 1)} µs, ${verdict(cpu <= CPU_TARGET_MICROS)}`,
  );
  if (ours.latency !== undefined) {
    const bound = SCHEMAKIT_DEFAULT_LINGER_MS + 5;
    const p99 = ours.latency.p99;
    const native = find("python confluent-kafka raw")?.latency;
    const beside = native === undefined ? "" : ` (librdkafka in this run: ${fixed(native.p99, 1)} ms)`;
    lines.push(`- p99 at 10,000 records/s ≤ ${bound} ms: ${fixed(p99, 1)} ms${beside}, ${verdict(p99 <= bound)}`);
  }
  const collapse = report.collapse;
  if (collapse !== undefined) {
    const ratio = collapse.result.recordsPerSecond / collapse.baseline.recordsPerSecond;
    const { recordsPerSecond, cpuMicrosPerRecord } = collapse.result;
    lines.push(
      `- ${collapse.name} at ${int(collapse.records)} records within 10% of the ` +
        `${int(report.shape.records)}-record median: ${int(recordsPerSecond)} records/s, ` +
        `${fixed(cpuMicrosPerRecord, 1)} µs CPU per record, ${fixed(ratio, 2)}× of ` +
        `${int(collapse.baseline.recordsPerSecond)}, ${verdict(ratio >= 0.9)}`,
    );
    const disk = collapse.result.diskBytesPerRecord / collapse.baseline.diskBytesPerRecord;
    lines.push(
      `- bytes per record on disk at ${int(collapse.records)} records within 1% of the ` +
        `${int(report.shape.records)}-record median: ${fixed(collapse.result.diskBytesPerRecord, 1)} against ` +
        `${fixed(collapse.baseline.diskBytesPerRecord, 1)} (${fixed(disk, 4)}×), ` +
        verdict(Math.abs(disk - 1) <= 0.01),
    );
  }
  return lines;
}

export function renderReport(report: Report): string {
  const { shape } = report;
  const failures = report.outcomes.flatMap((o) => o.failures.map((f) => `- ${o.benchCase.name}: ${f}`));
  return [
    `UserEvent with a ${shape.payloadBytes}-byte payload (${report.valueBytes}-byte framed values), ` +
      `${shape.keys} keys, ` +
      `acks=all, ${shape.partitions} partitions, no compression; ${int(shape.records)} records per rep after ` +
      `${int(shape.warmupRecords)} untimed warm-up records; medians of ${shape.reps} interleaved reps, each into a ` +
      "fresh topic whose record count is checked at the broker. Client CPU: the client process's own user+system " +
      "CPU over the timed records (every thread), per record. Latency: send to acknowledgement at " +
      `${int(shape.latencyRatePerSecond)} records/s for ${shape.latencySeconds} s after a 1 s warm-up at that rate.`,
    "@confluentinc/kafka-javascript: not measured (its install fetches a prebuilt binary from GitHub, which this " +
      "machine cannot reach, then falls back to building librdkafka from source).",
    "",
    ...table(report),
    "",
    ...targets(report),
    ...(failures.length > 0 ? ["", "Failed reps:", ...failures] : []),
  ].join("\n");
}
