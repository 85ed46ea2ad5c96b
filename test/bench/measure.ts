import { performance } from "node:perf_hooks";

// The timing loops: run one operation over the fixture records, round robin, for a fixed wall time.
// Operations run in batches of 256 between clock reads, so reading the clock stays out of the measurement;
// async ones are awaited one at a time, the way users write `await ser.serialize(...)` in a loop.

/** One operation on record `index`; returns a number that is summed so the work cannot be optimised away. */
export type Operation =
  | { readonly kind: "sync"; readonly run: (index: number) => number }
  | { readonly kind: "async"; readonly run: (index: number) => Promise<number> };

export interface Timed {
  readonly ops: number;
  readonly seconds: number;
  /** Sum of the operations' results: printed nowhere, only kept alive. */
  readonly sink: number;
}

const BATCH = 256;

/** Runs `operation` for about `durationMs` over `recordCount` records; answers how many ran, in how long. */
export async function timeFor(operation: Operation, recordCount: number, durationMs: number): Promise<Timed> {
  const batch =
    operation.kind === "sync" ? syncBatch(operation.run, recordCount) : asyncBatch(operation.run, recordCount);
  let ops = 0;
  let sink = 0;
  const start = performance.now();
  const end = start + durationMs;
  let now = start;
  while (now < end) {
    // One await per batch, even for sync work: a microtask per 256 operations is lost in the noise.
    sink += await batch();
    ops += BATCH;
    now = performance.now();
  }
  return { ops, seconds: (now - start) / 1000, sink };
}

function syncBatch(run: (index: number) => number, recordCount: number): () => number {
  let index = 0;
  return () => {
    let sink = 0;
    for (let k = 0; k < BATCH; k += 1, index = index + 1 === recordCount ? 0 : index + 1) sink += run(index);
    return sink;
  };
}

function asyncBatch(run: (index: number) => Promise<number>, recordCount: number): () => Promise<number> {
  let index = 0;
  return async () => {
    let sink = 0;
    for (let k = 0; k < BATCH; k += 1, index = index + 1 === recordCount ? 0 : index + 1) sink += await run(index);
    return sink;
  };
}
