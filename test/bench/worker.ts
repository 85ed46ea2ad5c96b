import { buildContext, type RegistryTarget } from "./bench-context.js";
import { findCase } from "./cases.js";
import { timeFor } from "./measure.js";

// One benchmark case in this (fresh) process: build the fixtures, set the case up, warm it up, then time
// `reps` repetitions and print one JSON line (WorkerResult) on stdout. Started by run-bench.ts only.

export interface WorkerConfig extends RegistryTarget {
  readonly caseName: string;
  readonly recordCount: number;
  readonly seed: number;
  readonly warmupMs: number;
  readonly repMs: number;
  readonly reps: number;
}

export interface WorkerResult {
  readonly caseName: string;
  /** ops/s of each timed repetition, in the order they ran. */
  readonly opsPerSecond: readonly number[];
  readonly warmupOps: number;
  readonly setupMs: number;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? "") as WorkerConfig;
  const benchCase = findCase(config.caseName);
  const setupStart = performance.now();
  const context = buildContext(config, config.recordCount, config.seed);
  const operation = await benchCase.setup(context);
  const setupMs = performance.now() - setupStart;

  const warmup = await timeFor(operation, context.records.length, config.warmupMs);
  const opsPerSecond: number[] = [];
  for (let rep = 0; rep < config.reps; rep += 1) {
    // Every rep starts from a collected heap, so one rep does not pay for the garbage of the last.
    globalThis.gc?.();
    const timed = await timeFor(operation, context.records.length, config.repMs);
    opsPerSecond.push(timed.ops / timed.seconds);
  }
  const result: WorkerResult = { caseName: benchCase.name, opsPerSecond, warmupOps: warmup.ops, setupMs };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  // Registry clients keep sockets open: leave as soon as the result is out.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
