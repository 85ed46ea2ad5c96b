import { FULL_SHAPE, QUICK_SHAPE, type BenchShape } from "./shape.js";

export interface BenchOptions {
  readonly shape: BenchShape;
  /** Only the cases whose name matches; the collapse and latency runs follow the schemakit cases kept. */
  readonly pattern: RegExp | undefined;
}

const USAGE = "use --quick, --cases=PATTERN, --reps=N, --records=N";

function positive(arg: string, prefix: string): number {
  const value = Number.parseInt(arg.slice(prefix.length), 10);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${arg}: expected a positive integer`);
  return value;
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let shape = argv.includes("--quick") ? QUICK_SHAPE : FULL_SHAPE;
  let pattern: RegExp | undefined;
  for (const arg of argv) {
    if (arg === "--quick") continue;
    if (arg.startsWith("--cases=")) pattern = new RegExp(arg.slice("--cases=".length));
    else if (arg.startsWith("--reps=")) shape = { ...shape, reps: positive(arg, "--reps=") };
    else if (arg.startsWith("--records=")) shape = { ...shape, records: positive(arg, "--records=") };
    else throw new Error(`unknown argument ${arg}; ${USAGE}`);
  }
  return { shape, pattern };
}
