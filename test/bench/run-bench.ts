import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { uniqueName } from "../support/unique-name.js";
import { benchRegistryUrl, registerValueSchema } from "./bench-registry.js";
import { CASES } from "./cases.js";
import { DEFAULT_SEED, USER_EVENT_SCHEMA_TEXT } from "./fixtures.js";
import { renderFailures, renderRows, renderTargets } from "./render.js";
import { checkTargets, summarize, type FailedCase } from "./summary.js";
import type { WorkerConfig, WorkerResult } from "./worker.js";

// `npm run bench`: serialize/deserialize ops/s of the 12-field UserEvent for schemakit next to raw avsc,
// @kafkajs/confluent-schema-registry and @confluentinc/schemaregistry, in one run, against the real
// registry. Method (as in the peer serializer study the project started from): one fresh process per case,
// 10,000 seeded records, >= 1 s warm-up, 5 timed reps of 2 s, medians. A benchmark, never a test: it
// prints, writes JSON outside the repo, and exits 0 unless it could not run at all.
//
//   npm run bench                       full run (about 2.5 min on 2 cores)
//   npm run bench -- --quick            3 reps of 0.5 s after 0.5 s warm-up, for a smoke check
//   npm run bench -- --runs=3           3 interleaved passes, median of the per-pass medians (3× the time)
//   npm run bench -- --cases=kafkajs    only the cases whose name matches the pattern ("produce": the
//                                       end-to-end produce benchmark, which otherwise runs after the table)
//   npm run bench -- --out=FILE         where the JSON goes (default: the OS temp dir)

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));
const PRODUCE_BENCH = fileURLToPath(new URL("./produce-bench.ts", import.meta.url));
const RECORDS = 10_000;

interface Options {
  readonly quick: boolean;
  readonly runs: number;
  readonly pattern: RegExp | undefined;
  readonly out: string | undefined;
}

function parseOptions(argv: readonly string[]): Options {
  let quick = false;
  let runs = 1;
  let pattern: RegExp | undefined;
  let out: string | undefined;
  for (const arg of argv) {
    if (arg === "--quick") quick = true;
    else if (arg.startsWith("--runs=")) runs = Math.max(1, Number.parseInt(arg.slice("--runs=".length), 10) || 1);
    else if (arg.startsWith("--cases=")) pattern = new RegExp(arg.slice("--cases=".length));
    else if (arg.startsWith("--out=")) out = arg.slice("--out=".length);
    else throw new Error(`unknown argument ${arg}; use --quick, --runs=N, --cases=PATTERN, --out=FILE`);
  }
  return { quick, runs, pattern, out };
}

/** Runs one case in a fresh Node process (tsx loader, --expose-gc so reps start from a collected heap). */
function runWorker(config: WorkerConfig): Promise<WorkerResult> {
  const args = ["--expose-gc", "--import", "tsx", WORKER, JSON.stringify(config)];
  return new Promise((resolve, reject) => {
    // A worker gets its timed work three times over plus a minute for setup and checks; a peer client
    // that hangs (seen once with @confluentinc/schemaregistry) then fails its case, not the whole run.
    const timeout = 3 * (config.warmupMs + config.reps * config.repMs) + 60_000;
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, maxBuffer: 16 << 20, timeout, killSignal: "SIGKILL" },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`worker exited ${String(error.code)}: ${stderr.trim() || error.message}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as WorkerResult);
        } catch {
          reject(new Error(`worker printed no result: ${stdout.trim()} ${stderr.trim()}`));
        }
      },
    );
  });
}

function versionOf(pkg: string): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as {
    version?: string;
  };
  return manifest.version ?? "?";
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const timing = options.quick ? { warmupMs: 500, repMs: 500, reps: 3 } : { warmupMs: 1_000, repMs: 2_000, reps: 5 };
  const cases = CASES.filter((benchCase) => options.pattern?.test(benchCase.name) ?? true);

  const registryUrl = await benchRegistryUrl();
  const topic = uniqueName("schemakit-bench");
  const schemaId = await registerValueSchema(registryUrl, topic, USER_EVENT_SCHEMA_TEXT);
  const cpu = cpus();
  process.stderr.write(
    `bench: ${options.runs} × ${cases.length} cases × ` +
      `(${timing.warmupMs} ms warm-up + ${timing.reps} × ${timing.repMs} ms), ` +
      `${RECORDS} records, registry ${registryUrl}, subject ${topic}-value = id ${schemaId}\n`,
  );

  const results: WorkerResult[] = [];
  const failed: FailedCase[] = [];
  // Passes are interleaved (every case once, then again), so a slow minute on the machine hits one run of
  // each case rather than every run of one.
  for (let run = 1; run <= options.runs; run += 1) {
    for (const benchCase of cases) {
      const started = Date.now();
      const config: WorkerConfig = {
        caseName: benchCase.name,
        registryUrl,
        topic,
        schemaId,
        recordCount: RECORDS,
        seed: DEFAULT_SEED,
        ...timing,
      };
      const pass = options.runs > 1 ? ` (run ${run}/${options.runs})` : "";
      try {
        const result = await runWorker(config);
        results.push(result);
        const best = Math.max(...result.opsPerSecond);
        process.stderr.write(
          `bench: ${benchCase.name}${pass} done in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
            `(best rep ${best.toFixed(0)} ops/s)\n`,
        );
      } catch (error) {
        failed.push({ caseName: benchCase.name, error: error instanceof Error ? error.message : String(error) });
        process.stderr.write(`bench: ${benchCase.name}${pass} FAILED\n`);
      }
    }
  }

  const rows = summarize(cases, results);
  const targets = checkTargets(rows);
  const environment = {
    node: process.version,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? "?",
    versions: Object.fromEntries(
      ["avsc", "@kafkajs/confluent-schema-registry", "@confluentinc/schemaregistry"].map((pkg) => [
        pkg,
        versionOf(pkg),
      ]),
    ),
  };
  const out = options.out ?? join(tmpdir(), `schemakit-bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  await writeFile(
    out,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        environment,
        timing,
        runs: options.runs,
        records: RECORDS,
        rows,
        targets,
        failed,
      },
      null,
      2,
    )}\n`,
  );

  const report = [
    `UserEvent (12 fields), ${RECORDS} seeded records; ` +
      `median of ${timing.reps} reps × ${timing.repMs} ms after ${timing.warmupMs} ms warm-up, ` +
      `one process per case${options.runs > 1 ? `, median of ${options.runs} interleaved runs' medians` : ""}.`,
    `Node ${environment.node}, ${environment.cpus} cpus (${environment.cpuModel}); ` +
      Object.entries(environment.versions)
        .map(([pkg, version]) => `${pkg} ${version}`)
        .join(", "),
    "× avsc: against avsc toBuffer (encode rows) / fromBuffer (decode rows); " +
      "× kafkajs-csr: against its encode / decode.",
    "",
    renderRows(rows, failed),
    "",
    renderTargets(targets),
    ...(failed.length > 0 ? ["", renderFailures(failed)] : []),
    "",
    `results JSON: ${out}`,
  ];
  process.stdout.write(`${report.join("\n")}\n`);

  // The end-to-end produce benchmark (its own script, `npm run bench:produce`), unless --cases leaves it out.
  if (options.pattern === undefined || options.pattern.test("produce")) {
    process.stdout.write("\n");
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", PRODUCE_BENCH, ...(options.quick ? ["--quick"] : [])], {
        cwd: ROOT,
        stdio: "inherit",
      });
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`produce bench exited ${String(code)}`))));
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
