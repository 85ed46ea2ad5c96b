import { spawn } from "node:child_process";
import type { RunContext, RunMeasure } from "./case.js";
import type { Latency } from "./latency.js";

// A peer in another language runs as a child process per rep. It sends the warm-up records, then times
// the rest with its own clocks (wall, and CPU of its whole process: every thread, GC and I/O included)
// and prints one JSON line last: {"seconds": s, "cpuSeconds": c}. Process start-up is never timed.

/** The flags every peer program takes (each also takes its own). */
export function peerArgs(context: RunContext): string[] {
  return [
    `--brokers=${context.endpoints.brokers.join(",")}`,
    `--topic=${context.topic}`,
    `--records=${context.records}`,
    `--warmup=${context.shape.warmupRecords}`,
    `--keys=${context.shape.keys}`,
    `--value-bytes=${context.valueBytes}`,
  ];
}

function parseMeasure(line: string, what: string): RunMeasure {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`${what}: last output line is not JSON: ${line.slice(0, 200)}`);
  }
  const { seconds, cpuSeconds } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof seconds !== "number" || typeof cpuSeconds !== "number" || !(seconds > 0)) {
    throw new Error(`${what}: expected {"seconds", "cpuSeconds"}, got ${line.slice(0, 200)}`);
  }
  return { seconds, cpuSeconds };
}

/** Runs the peer and answers its last output line; a non-zero exit or a hang past `timeoutMs` fails it. */
function runPeerLine(what: string, command: string, args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-8_000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`${what}: could not start: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        const why = signal === null ? `exited ${String(code)}` : `killed by ${signal} (timeout ${timeoutMs} ms?)`;
        reject(new Error(`${what}: ${why}\n${stderr.trim()}`));
        return;
      }
      resolve(stdout.trim().split("\n").at(-1) ?? "");
    });
  });
}

/** Runs the peer and answers its measure; a non-zero exit or a hang past `timeoutMs` fails the rep. */
export async function runPeer(
  what: string,
  command: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<RunMeasure> {
  return parseMeasure(await runPeerLine(what, command, args, timeoutMs), what);
}

/** Runs the peer's fixed-rate latency run and answers its percentiles. */
export async function runPeerLatency(
  what: string,
  command: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<Latency> {
  const line = await runPeerLine(what, command, args, timeoutMs);
  const { p50, p99, counted } = (JSON.parse(line) ?? {}) as Record<string, unknown>;
  if (typeof p50 !== "number" || typeof p99 !== "number" || typeof counted !== "number" || counted < 1) {
    throw new Error(`${what}: expected {"p50", "p99", "counted"}, got ${line.slice(0, 200)}`);
  }
  return { p50, p99, counted };
}

/** A rep's time budget: generous (the peers run at 10,000+ records/s), so only a hang fails it. */
export function peerTimeoutMs(context: RunContext): number {
  return 120_000 + ((context.records + context.shape.warmupRecords) / 1_000) * 1_000;
}
