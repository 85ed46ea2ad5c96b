import { execFile, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runCli } from "../../codegen/cli.js";
import { emitProtoFiles } from "../../codegen/protobuf/emit/emit-proto-files.js";
import { compileProtos } from "../../codegen/protobuf/load/compile-protos.js";
import { RUNTIME_MODULE } from "../../src/schema/index.js";
import { writeBenchProtos } from "./codegen-bench-protos.js";

// `npm run bench:codegen`: `schemakit generate` over 1,000 scripted .avsc files (target: ≤ 5 s), each a
// 12-field record with a nested record, an enum, unions, an array, a map, logical types, defaults and,
// for every tenth, a reference to a shared type in another file.
// `npm run bench:codegen -- --proto`: the same over 1,000 scripted .proto files (codegen-bench-protos.ts),
// one buf run for all of them.
// Five runs (`--runs=N`) into a fresh folder each, median printed. A benchmark, not a test: nothing here
// fails on time.

const SCHEMAS = 1_000;
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

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

async function writeAvroSchemas(dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
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
  return SCHEMAS + 1;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { proto: { type: "boolean" }, runs: { type: "string" } } });
  const runs = Number(values.runs ?? 5);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, not ${values.runs}`);
  const dir = await mkdtemp(join(tmpdir(), "schemakit-codegen-bench-"));
  try {
    if (values.proto === true) await protoBench(dir, runs);
    else await avroBench(dir, runs);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// In this process, as the Avro figure has always been measured: runs after the first reuse warm code.
async function avroBench(dir: string, runs: number): Promise<void> {
  const input = join(dir, "schemas");
  const count = await writeAvroSchemas(input);
  const timings: number[] = [];
  let summary = "";
  for (let run = 0; run < runs; run += 1) {
    const out = join(dir, `out-${run}`);
    const started = performance.now();
    const code = await runCli(["generate", input, "--out", out], {
      out: (line) => (summary = line),
      err: (line) => console.error(line),
    });
    timings.push(performance.now() - started);
    if (code !== 0) throw new Error(`schemakit generate exited ${code}`);
  }
  console.log(`codegen: ${count} .avsc files; ${summary}`);
  console.log(`codegen: ${describeRuns(timings)}`);
}

// As a user runs it: each run a fresh `node dist/codegen/bin.js generate` (built first), so every run
// pays for starting Node, loading the CLI and compiling cold code. Then the phases, timed once in this
// process through the library functions the command calls.
async function protoBench(dir: string, runs: number): Promise<void> {
  const input = join(dir, "protos");
  const count = await writeBenchProtos(input);
  console.log("codegen: building dist/ (npm run build) ...");
  await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"]);
  const timings: number[] = [];
  const cpu: number[] = [];
  let summary = "";
  for (let index = 0; index < runs; index += 1) {
    const out = join(dir, `out-${index}`);
    const before = childCpuSeconds();
    const started = performance.now();
    const args = [join(ROOT, "dist/codegen/bin.js"), "generate", input, "--proto-path", input, "--out", out];
    summary = (await run(process.execPath, args)).trim();
    timings.push(performance.now() - started);
    const after = childCpuSeconds();
    if (before !== undefined && after !== undefined) cpu.push(after - before);
  }
  console.log(`codegen: ${count} .proto files; ${summary}`);
  console.log(`codegen: ${describeRuns(timings)}`);
  if (cpu.length > 0) console.log(`codegen: CPU (user + system, node and buf) median ${median(cpu).toFixed(2)} s`);
  console.log(`codegen: phases (one run in this process): ${await protoPhases(input, join(dir, "out-phases"))}`);
}

async function protoPhases(input: string, out: string): Promise<string> {
  const files = (await readdir(input, { recursive: true })).filter((path) => path.endsWith(".proto"));
  const times: string[] = [];
  let last = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    times.push(`${name} ${Math.round(now - last)} ms`);
    last = now;
  };
  const compiled = await compileProtos({ files, includePaths: ["."], cwd: input });
  lap("compile + decode");
  const emitted = emitProtoFiles(compiled, { generatorVersion: "bench", runtimeModule: RUNTIME_MODULE });
  lap("model + emit");
  for (const file of emitted) {
    await mkdir(dirname(join(out, file.path)), { recursive: true });
    await writeFile(join(out, file.path), file.content);
  }
  lap("write");
  return times.join(", ");
}

function describeRuns(timings: readonly number[]): string {
  const sorted = [...timings].sort((a, b) => a - b);
  const seconds = (ms: number | undefined): string => `${((ms ?? 0) / 1000).toFixed(2)} s`;
  const value = median(timings);
  return (
    `median of ${timings.length} runs ${seconds(value)} (min ${seconds(sorted[0])}, max ${seconds(sorted.at(-1))}; ` +
    `runs ${timings.map((ms) => seconds(ms)).join(", ")}); target <= 5 s: ${value <= 5000 ? "met" : "NOT met"}`
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { cwd: ROOT, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error === null) resolvePromise(stdout);
      else reject(new Error(`${command} ${args.join(" ")} failed: ${stderr || error.message}`));
    });
  });
}

// The CPU time of this process's finished children and their children (cutime + cstime of
// /proc/self/stat), so buf's share is counted; undefined where there is no /proc.
function childCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the command's ")": state is field 3 of the full line; cutime and cstime are fields 16 and 17.
    const ticks = Number(fields[13]) + Number(fields[14]);
    return Number.isFinite(ticks) ? ticks / clockTicks() : undefined;
  } catch {
    return undefined;
  }
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return ticksPerSecond;
}

await main();
