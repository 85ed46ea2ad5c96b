import type { KafkaReader } from "../../support/kafka-reader.js";
import { uniqueName } from "../../support/unique-name.js";
import type { Endpoints, ProduceCase, RunContext } from "./case.js";
import { topicBytesOnDisk } from "./disk-bytes.js";
import type { BenchShape } from "./shape.js";

export interface RepResult {
  readonly recordsPerSecond: number;
  readonly megabytesPerSecond: number;
  readonly cpuMicrosPerRecord: number;
  /** Log bytes at the broker per record (warm-up records included); NaN when the broker is not local. */
  readonly diskBytesPerRecord: number;
}

export interface RepSettings {
  readonly endpoints: Endpoints;
  readonly shape: BenchShape;
  readonly valueBytes: number;
  readonly reader: KafkaReader;
}

/** A fresh topic with the shape's partitions, and the context a case runs in on it. */
export async function freshContext(settings: RepSettings, records: number, prefix: string): Promise<RunContext> {
  const topic = uniqueName(prefix);
  await settings.reader.createTopic(topic, settings.shape.partitions);
  return { endpoints: settings.endpoints, shape: settings.shape, topic, records, valueBytes: settings.valueBytes };
}

/** One rep: a fresh topic, the case's run, and the record count checked at the broker afterwards. */
export async function runRep(benchCase: ProduceCase, settings: RepSettings, records: number): Promise<RepResult> {
  const context = await freshContext(settings, records, "bench-produce");
  const measure = await benchCase.run(context);
  const expected = settings.shape.warmupRecords + records;
  const written = await settings.reader.recordCount(context.topic);
  if (written < expected) {
    throw new Error(`${benchCase.name}: ${written} records at the broker in ${context.topic}, expected ${expected}`);
  }
  const keyBytes = `user-${settings.shape.keys - 1}`.length;
  const diskBytes = await topicBytesOnDisk(context.topic);
  // A million-record rep leaves about a gigabyte at the broker: gone once measured.
  await settings.reader.deleteTopic(context.topic);
  return {
    diskBytesPerRecord: diskBytes === undefined ? Number.NaN : diskBytes / written,
    recordsPerSecond: records / measure.seconds,
    megabytesPerSecond: (records * (settings.valueBytes + keyBytes)) / measure.seconds / 1e6,
    cpuMicrosPerRecord: (measure.cpuSeconds * 1e6) / records,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function medianRep(reps: readonly RepResult[]): RepResult {
  return {
    recordsPerSecond: median(reps.map((rep) => rep.recordsPerSecond)),
    megabytesPerSecond: median(reps.map((rep) => rep.megabytesPerSecond)),
    cpuMicrosPerRecord: median(reps.map((rep) => rep.cpuMicrosPerRecord)),
    diskBytesPerRecord: median(reps.map((rep) => rep.diskBytesPerRecord)),
  };
}
