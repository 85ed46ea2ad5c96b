import { AVSC_DECODE, AVSC_ENCODE, KAFKAJS_DECODE, KAFKAJS_ENCODE, type BenchCase } from "./cases.js";
import {
  BUFBUILD_ENCODE,
  CONFLUENT_PROTOBUF_ENCODE,
  KAFKAJS_PROTOBUF_ENCODE,
  PROTOBUFJS_DECODE,
  PROTOBUFJS_ENCODE,
} from "./protobuf/protobuf-cases.js";
import type { WorkerResult } from "./worker.js";

// Turns the workers' repetitions into table rows: median, spread and the ratios the issue asks for.

export interface Row {
  readonly caseName: string;
  readonly group: BenchCase["group"];
  readonly label: string;
  readonly target: BenchCase["target"];
  readonly medianOps: number;
  readonly minOps: number;
  readonly maxOps: number;
  /** Against avsc toBuffer (encode rows) or fromBuffer (decode rows). */
  readonly ratioToAvsc: number | undefined;
  /** Against kafkajs-csr encode (encode rows) or decode (decode rows). */
  readonly ratioToKafkajs: number | undefined;
  /** Protobuf rows only: against protobufjs encode (encode rows) or decode (decode rows). */
  readonly ratioToProtobufjs: number | undefined;
  /** Every rep of every run, in the order they ran. */
  readonly opsPerSecond: readonly number[];
}

/** A case whose worker failed: it has no numbers, only the reason. */
export interface FailedCase {
  readonly caseName: string;
  readonly error: string;
}

export interface TargetCheck {
  readonly caseName: string;
  readonly requirement: string;
  readonly ratio: number | undefined;
  readonly threshold: number;
  readonly met: boolean;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/**
 * One row per case that has results: the median of its runs' medians (one run unless --runs asks for
 * more), min..max over every rep of every run, and the ratios of those medians.
 */
export function summarize(cases: readonly BenchCase[], results: readonly WorkerResult[]): Row[] {
  const perCase = new Map<string, WorkerResult[]>();
  for (const result of results) perCase.set(result.caseName, [...(perCase.get(result.caseName) ?? []), result]);
  const medianOf = (caseName: string): number | undefined => {
    const runs = perCase.get(caseName);
    return runs === undefined ? undefined : median(runs.map((run) => median(run.opsPerSecond)));
  };
  const ratio = (value: number, against: string): number | undefined => {
    const base = medianOf(against);
    return base === undefined ? undefined : value / base;
  };
  const rows: Row[] = [];
  for (const benchCase of cases) {
    const medianOps = medianOf(benchCase.name);
    if (medianOps === undefined) continue;
    const opsPerSecond = (perCase.get(benchCase.name) ?? []).flatMap((run) => run.opsPerSecond);
    const avro = benchCase.group === "encode" || benchCase.group === "decode";
    rows.push({
      caseName: benchCase.name,
      group: benchCase.group,
      label: benchCase.label,
      target: benchCase.target,
      medianOps,
      minOps: Math.min(...opsPerSecond),
      maxOps: Math.max(...opsPerSecond),
      ratioToAvsc: avro ? ratio(medianOps, benchCase.group === "encode" ? AVSC_ENCODE : AVSC_DECODE) : undefined,
      ratioToKafkajs: avro
        ? ratio(medianOps, benchCase.group === "encode" ? KAFKAJS_ENCODE : KAFKAJS_DECODE)
        : undefined,
      ratioToProtobufjs: avro
        ? undefined
        : ratio(medianOps, benchCase.group === "protobuf-encode" ? PROTOBUFJS_ENCODE : PROTOBUFJS_DECODE),
      opsPerSecond,
    });
  }
  return rows;
}

/**
 * The issues' targets, for every schemakit row. Avro: serialize >= 1.0x avsc toBuffer and >= 1.5x
 * kafkajs-csr encode; deserialize >= 0.9x avsc fromBuffer. Protobuf: serialize >= 1.0x protobufjs
 * encode, >= 3x @bufbuild/protobuf toBinary, >= 2x kafkajs-csr, >= 10x Confluent's JS serializer (each
 * with framing); deserialize >= 1.0x protobufjs decode. A ratio that could not be taken counts as not met.
 */
export function checkTargets(rows: readonly Row[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const check = (row: Row, requirement: string, ratio: number | undefined, threshold: number): void => {
    checks.push({
      caseName: row.caseName,
      requirement,
      ratio,
      threshold,
      met: ratio !== undefined && ratio >= threshold,
    });
  };
  const medians = new Map(rows.map((row) => [row.caseName, row.medianOps]));
  const against = (row: Row, caseName: string): number | undefined => {
    const base = medians.get(caseName);
    return base === undefined ? undefined : row.medianOps / base;
  };
  for (const row of rows) {
    if (row.target === "protobuf-serialize") {
      check(row, "serialize >= 1.0x protobufjs encode + framing", against(row, PROTOBUFJS_ENCODE), 1.0);
      check(row, "serialize >= 3x @bufbuild/protobuf toBinary + framing", against(row, BUFBUILD_ENCODE), 3);
      check(row, "serialize >= 2x kafkajs-csr Protobuf encode", against(row, KAFKAJS_PROTOBUF_ENCODE), 2);
      check(row, "serialize >= 10x Confluent's ProtobufSerializer", against(row, CONFLUENT_PROTOBUF_ENCODE), 10);
    } else if (row.target === "protobuf-deserialize") {
      check(row, "deserialize >= 1.0x protobufjs decode", against(row, PROTOBUFJS_DECODE), 1.0);
    } else if (row.target === "serialize") {
      check(row, "serialize >= 1.0x avsc toBuffer", row.ratioToAvsc, 1.0);
      check(row, "serialize >= 1.5x kafkajs-csr encode", row.ratioToKafkajs, 1.5);
    } else if (row.target === "deserialize") {
      check(row, "deserialize >= 0.9x avsc fromBuffer", row.ratioToAvsc, 0.9);
    }
  }
  return checks;
}
