import type { FailedCase, Row, TargetCheck } from "./summary.js";

// Markdown tables for the terminal and for notes: people paste these, so they stay plain.

function ops(value: number): string {
  return value >= 1_000 ? `${(value / 1_000).toFixed(1)}k` : value.toFixed(0);
}

function ratio(value: number | undefined): string {
  return value === undefined ? "–" : `${value.toFixed(2)}×`;
}

export function renderRows(rows: readonly Row[], failed: readonly FailedCase[]): string {
  const avro = rows.filter((row) => row.group === "encode" || row.group === "decode");
  const protobuf = rows.filter((row) => row.group === "protobuf-encode" || row.group === "protobuf-decode");
  const protobufLines =
    protobuf.length === 0
      ? []
      : [
          "",
          "| group | case | median ops/s | min..max | µs/op | × protobufjs |",
          "|---|---|--:|--:|--:|--:|",
          ...protobuf.map(
            (row) =>
              `| ${row.group} | \`${row.caseName}\` | ${ops(row.medianOps)} | ` +
              `${ops(row.minOps)}..${ops(row.maxOps)} | ${(1e6 / row.medianOps).toFixed(2)} | ` +
              `${ratio(row.ratioToProtobufjs)} |`,
          ),
        ];
  const lines = [
    "| group | case | median ops/s | min..max | µs/op | × avsc | × kafkajs-csr |",
    "|---|---|--:|--:|--:|--:|--:|",
    ...avro.map(
      (row) =>
        `| ${row.group} | \`${row.caseName}\` | ${ops(row.medianOps)} | ${ops(row.minOps)}..${ops(row.maxOps)} | ` +
        `${(1e6 / row.medianOps).toFixed(2)} | ${ratio(row.ratioToAvsc)} | ${ratio(row.ratioToKafkajs)} |`,
    ),
    ...failed.map((fail) => `| – | \`${fail.caseName}\` | failed | – | – | – | – |`),
    ...protobufLines,
  ];
  return lines.join("\n");
}

export function renderTargets(checks: readonly TargetCheck[]): string {
  if (checks.length === 0) return "targets: no schemakit row was measured, so none can be judged";
  const lines = [
    "| schemakit case | target | measured | result |",
    "|---|---|--:|---|",
    ...checks.map(
      (check) =>
        `| \`${check.caseName}\` | ${check.requirement} | ${ratio(check.ratio)} | ${check.met ? "met" : "NOT met"} |`,
    ),
  ];
  return lines.join("\n");
}

export function renderFailures(failed: readonly FailedCase[]): string {
  return failed
    .map((fail) => `case ${fail.caseName} failed:\n  ${fail.error.trim().split("\n").join("\n  ")}`)
    .join("\n");
}
