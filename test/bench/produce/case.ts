import type { Latency } from "./latency.js";
import type { BenchShape } from "./shape.js";

export interface Endpoints {
  readonly brokers: readonly string[];
  readonly registryUrl: string;
}

/** What one rep of a case is given: a fresh topic, created with the shape's partitions. */
export interface RunContext {
  readonly endpoints: Endpoints;
  readonly shape: BenchShape;
  readonly topic: string;
  /** Records timed; the shape's warm-up records are sent before them, untimed. */
  readonly records: number;
  /** Bytes of one framed UserEvent value, which the raw-bytes peers send as opaque bytes of that size. */
  readonly valueBytes: number;
}

/** The client's own clock over the timed records: wall seconds, and CPU seconds of its whole process. */
export interface RunMeasure {
  readonly seconds: number;
  readonly cpuSeconds: number;
}

/** A producer that sends record `i` and resolves on its acknowledgement: for the fixed-rate latency run. */
export interface RecordSender {
  readonly send: (i: number) => Promise<unknown>;
  readonly close: () => Promise<void>;
}

export interface ProduceCase {
  /** Short and stable: what --cases matches and what the progress lines say. */
  readonly name: string;
  /** What the table says: the client, how it is driven, and its settings. */
  readonly label: string;
  /** Installs or compiles what the case needs, once per bench run, before the first rep. */
  readonly prepare?: () => Promise<void>;
  readonly run: (context: RunContext) => Promise<RunMeasure>;
  /** Only schemakit's cases: they get the 1,000,000-record collapse check and the latency run. */
  readonly schemakit?: { readonly openSender: (context: RunContext) => Promise<RecordSender> };
  /** A peer's own fixed-rate latency run (the shape's rate and seconds), for the same table column. */
  readonly peerLatency?: (context: RunContext) => Promise<Latency>;
}

/** The Node process's own CPU seconds (user and system, every thread) since `from`. */
export function cpuSecondsSince(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
}

/** An in-process case: sets up a client on the topic, sends the warm-up, then times `produce`. */
export async function measureInProcess(
  context: RunContext,
  setup: () => Promise<{ produce: (from: number, count: number) => Promise<void>; close: () => Promise<void> }>,
): Promise<RunMeasure> {
  const client = await setup();
  try {
    await client.produce(0, context.shape.warmupRecords);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await client.produce(context.shape.warmupRecords, context.records);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, cpuSeconds: cpuSecondsSince(cpu) };
  } finally {
    await client.close();
  }
}
