import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../codegen/cli.js";

// `npm run bench:check`: `schemakit check` offline over 1,000 scripted schemas × 5 versions (target:
// < 5 s): four earlier versions in folders (--against, oldest first) and the new one. Each version adds
// a field with a default and an enum symbol (the enum has a default); every tenth schema's newest
// version also breaks (a field without a default, a type change), so findings are rendered too. Timed
// per level, the whole command (read, parse, check, render), median of three runs; the process's CPU
// time is printed too, since wall time on a shared machine says more about the neighbours. A benchmark,
// not a test: nothing here fails on time.

const SCHEMAS = 1_000;
const VERSIONS = 5;
const RUNS = 3;
const LEVELS = ["BACKWARD", "FULL_TRANSITIVE"] as const;

function schema(index: number, version: number): object {
  const breaking = version === VERSIONS && index % 10 === 0;
  const added = Array.from({ length: version - 1 }, (_, step) => ({
    name: `added${step + 1}`,
    type: ["null", "string"],
    default: null,
  }));
  return {
    type: "record",
    name: `Event${index}`,
    namespace: `com.bench.group${index % 20}`,
    fields: [
      { name: "id", type: "string" },
      { name: "at", type: { type: "long", logicalType: "timestamp-millis" } },
      {
        name: "kind",
        type: {
          type: "enum",
          name: `Kind${index}`,
          symbols: ["UNKNOWN", ...Array.from({ length: version }, (_, symbol) => `S${symbol}`)],
          default: "UNKNOWN",
        },
      },
      { name: "count", type: breaking ? "string" : "int", default: breaking ? "0" : 0 },
      { name: "total", type: "long" },
      { name: "tags", type: { type: "array", items: "string" }, default: [] },
      { name: "attributes", type: { type: "map", values: ["null", "double"] }, default: {} },
      {
        name: "origin",
        type: {
          type: "record",
          name: `Origin${index}`,
          fields: [
            { name: "x", type: "double" },
            { name: "y", type: "double" },
          ],
        },
      },
      { name: "previous", type: ["null", `Origin${index}`], default: null },
      ...added,
      ...(breaking ? [{ name: "required", type: "string" }] : []),
    ],
  };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "schemakit-check-bench-"));
  try {
    for (let version = 1; version <= VERSIONS; version += 1) {
      await mkdir(join(dir, `v${version}`));
      for (let index = 0; index < SCHEMAS; index += 1)
        await writeFile(join(dir, `v${version}`, `event-${index}.avsc`), JSON.stringify(schema(index, version)));
    }
    const against = Array.from({ length: VERSIONS - 1 }, (_, version) => ["--against", `v${version + 1}`]).flat();
    for (const level of LEVELS) {
      const timings: number[] = [];
      const cpuTimes: number[] = [];
      let summary = "";
      for (let run = 0; run < RUNS; run += 1) {
        const started = performance.now();
        const cpu = process.cpuUsage();
        const code = await runCli(["check", `v${VERSIONS}`, ...against, "--level", level], {
          out: (line) => (summary = line),
          err: (line) => console.error(line),
          cwd: dir,
        });
        timings.push(performance.now() - started);
        const used = process.cpuUsage(cpu);
        cpuTimes.push((used.user + used.system) / 1000);
        if (code !== 1) throw new Error(`schemakit check exited ${code}, expected 1 (every tenth schema breaks)`);
      }
      const sorted = [...timings].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
      const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      console.log(`check ${level}: ${summary}`);
      console.log(
        `check ${level}: ${SCHEMAS} schemas x ${VERSIONS} versions, median of ${RUNS} runs ${seconds(median)} ` +
          `(min ${seconds(sorted[0] ?? 0)}, max ${seconds(sorted.at(-1) ?? 0)}; ` +
          `CPU ${seconds([...cpuTimes].sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? 0)}); ` +
          `target < 5 s: ${median < 5000 ? "met" : "NOT met"}`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
