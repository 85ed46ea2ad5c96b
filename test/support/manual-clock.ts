import type { Clock } from "../../src/internal/clock.js";

/** A Clock whose time moves only by advance(); timers fire in due order as it passes them. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  /** Timers still pending. */
  readonly pendingTimers: number;
}

export function manualClock(start = 1_000_000): ManualClock {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { due: number; callback: () => void }>();
  const clock: ManualClock = {
    now: () => now,
    sleep: (ms) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms)),
    setTimeout: (callback, ms) => {
      const id = nextId++;
      timers.set(id, { due: now + ms, callback });
      return () => void timers.delete(id);
    },
    advance: (ms) => {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, timer]) => timer.due <= until)
          .sort((a, b) => a[1].due - b[1].due || a[0] - b[0])[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].due);
        due[1].callback();
      }
      now = until;
    },
    get pendingTimers() {
      return timers.size;
    },
  };
  return clock;
}
