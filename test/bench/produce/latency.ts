import type { ProduceCase, RunContext } from "./case.js";

export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly counted: number;
}

/**
 * Send-to-acknowledgement latency at a fixed rate, whatever the acknowledgements do: every millisecond,
 * the sends due by now. The first second at rate is warm-up (JIT, connections, first batches): sent, not
 * counted.
 */
export async function measureLatency(benchCase: ProduceCase, context: RunContext): Promise<Latency> {
  if (benchCase.schemakit === undefined) throw new Error(`${benchCase.name}: no latency run for this case`);
  const rate = context.shape.latencyRatePerSecond;
  const sender = await benchCase.schemakit.openSender(context);
  const latencies: number[] = [];
  // Only a count of the sends in flight is kept: holding every send's promise for the whole run would load
  // the measured process's garbage collector with what the harness keeps, not what the producer does.
  let inFlight = 0;
  let firstFailure: unknown;
  let drained: (() => void) | undefined;
  const settle = (): void => {
    inFlight -= 1;
    if (inFlight === 0) drained?.();
  };
  try {
    const started = performance.now();
    const warmup = rate;
    const total = warmup + rate * context.shape.latencySeconds;
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      for (; sent < due; sent += 1) {
        const at = performance.now();
        const counted = sent >= warmup;
        inFlight += 1;
        sender.send(sent).then(
          () => {
            if (counted) latencies.push(performance.now() - at);
            settle();
          },
          (error: unknown) => {
            firstFailure ??= error;
            settle();
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
    if (firstFailure !== undefined) throw firstFailure;
  } finally {
    await sender.close();
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), counted: latencies.length };
}
