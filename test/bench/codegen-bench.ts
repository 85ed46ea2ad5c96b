import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../codegen/cli.js";

// `npm run bench:codegen`: `schemakit generate` over 1,000 scripted .avsc files (target: ≤ 5 s), each a
// 12-field record with a nested record, an enum, unions, an array, a map, logical types, defaults and,
// for every tenth, a reference to a shared type in another file. Five runs into a fresh folder each,
// median printed. A benchmark, not a test: nothing here fails on time.

const SCHEMAS = 1_000;
const RUNS = 5;

function schema(index: number): object {
  const namespace = `com.bench.group${index % 20}`;
  return {
    type: "record",
    name: `Event${index}`,
    namespace,
    doc: `Scripted record ${index}.`,
    fields: [
      { name: "id", type: "string" },
      { name: "at", type: { type: "long", logicalType: "timestamp-millis" } },
      { name: "kind", type: { type: "enum", name: `Kind${index}`, symbols: ["A", "B", "C"] }, default: "A" },
      { name: "note", type: ["null", "string"], default: null },
      { name: "amount", type: { type: "bytes", logicalType: "decimal", precision: 12, scale: 2 } },
      { name: "count", type: "int", default: 0 },
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
      index % 10 === 0
        ? { name: "shared", type: "com.bench.shared.Shared" }
        : { name: "flag", type: "boolean", default: false },
    ],
  };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "schemakit-codegen-bench-"));
  try {
    await writeFile(
      join(dir, "shared.avsc"),
      JSON.stringify({
        type: "record",
        name: "Shared",
        namespace: "com.bench.shared",
        fields: [{ name: "v", type: "string" }],
      }),
    );
    for (let index = 0; index < SCHEMAS; index += 1)
      await writeFile(join(dir, `event-${index}.avsc`), JSON.stringify(schema(index)));
    const timings: number[] = [];
    let summary = "";
    for (let run = 0; run < RUNS; run += 1) {
      const out = join(dir, `out-${run}`);
      const started = performance.now();
      const code = await runCli(["generate", dir, "--out", out], {
        out: (line) => (summary = line),
        err: (line) => console.error(line),
      });
      timings.push(performance.now() - started);
      if (code !== 0) throw new Error(`schemakit generate exited ${code}`);
    }
    const sorted = [...timings].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    console.log(`codegen: ${SCHEMAS + 1} .avsc files; ${summary}`);
    console.log(
      `codegen: median of ${RUNS} runs ${(median / 1000).toFixed(2)} s ` +
        `(min ${((sorted[0] ?? 0) / 1000).toFixed(2)} s, max ${((sorted.at(-1) ?? 0) / 1000).toFixed(2)} s); ` +
        `target <= 5 s: ${median <= 5000 ? "met" : "NOT met"}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
