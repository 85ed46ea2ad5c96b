import { BufferFullError } from "../../errors/index.js";
import type { Clock } from "../../internal/clock.js";

interface Waiter {
  readonly bytes: number;
  readonly topic: string;
  /** Clock time after which the waiter gives up. */
  readonly deadline: number;
  readonly grant: () => void;
  readonly fail: (error: Error) => void;
}

/**
 * The producer's `bufferMemoryBytes`: bytes of records accepted and not yet settled. A send that does not
 * fit waits, first come first served, up to `maxBlockMs`, then rejects with BufferFullError (Java's
 * buffer.memory and max.block.ms). Releasing a settled record's bytes wakes the waiters that now fit.
 *
 * Waiters queue in arrival order with the same maxBlockMs, so their deadlines are in order too: one timer,
 * for the head, serves them all, and a burst of blocked sends costs no timer each.
 */
export class BufferMemory {
  readonly #capacity: number;
  readonly #maxBlockMs: number;
  readonly #clock: Clock;
  // A queue as an array plus a head index: shift() would be linear per call, quadratic under load.
  #waiters: (Waiter | undefined)[] = [];
  #head = 0;
  #cancelTimer: (() => void) | undefined;
  #used = 0;

  constructor(capacityBytes: number, maxBlockMs: number, clock: Clock) {
    this.#capacity = capacityBytes;
    this.#maxBlockMs = maxBlockMs;
    this.#clock = clock;
  }

  /** Bytes reserved now. */
  get usedBytes(): number {
    return this.#used;
  }

  /** Reserves `bytes` at once when they fit and nobody waits before them; true when reserved. */
  tryReserve(bytes: number): boolean {
    if (this.#head < this.#waiters.length || this.#used + bytes > this.#capacity) return false;
    this.#used += bytes;
    return true;
  }

  /** Reserves `bytes`, waiting up to maxBlockMs for them to be released. */
  reserve(bytes: number, topic: string): Promise<void> {
    if (this.tryReserve(bytes)) return Promise.resolve();
    return new Promise<void>((grant, fail) => {
      this.#waiters.push({ bytes, topic, deadline: this.#clock.now() + this.#maxBlockMs, grant, fail });
      if (this.#cancelTimer === undefined) this.#armTimer();
    });
  }

  release(bytes: number): void {
    this.#used -= bytes;
    this.#wake();
  }

  #wake(): void {
    let head = this.#waiters[this.#head];
    while (head !== undefined && this.#used + head.bytes <= this.#capacity) {
      this.#used += head.bytes;
      this.#shift();
      head.grant();
      head = this.#waiters[this.#head];
    }
    if (head === undefined) {
      this.#cancelTimer?.();
      this.#cancelTimer = undefined;
    }
  }

  #shift(): void {
    this.#waiters[this.#head] = undefined;
    this.#head += 1;
    if (this.#head === this.#waiters.length) {
      this.#waiters = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#waiters.length) {
      this.#waiters = this.#waiters.slice(this.#head);
      this.#head = 0;
    }
  }

  #armTimer(): void {
    const head = this.#waiters[this.#head];
    if (head === undefined) return;
    this.#cancelTimer = this.#clock.setTimeout(() => this.#expire(), Math.max(0, head.deadline - this.#clock.now()));
  }

  #expire(): void {
    this.#cancelTimer = undefined;
    const now = this.#clock.now();
    let head = this.#waiters[this.#head];
    while (head !== undefined && head.deadline <= now) {
      this.#shift();
      head.fail(new BufferFullError(head.topic, this.#capacity, this.#maxBlockMs, head.bytes));
      head = this.#waiters[this.#head];
    }
    // The one that gave up may have been the only one that did not fit.
    this.#wake();
    if (this.#cancelTimer === undefined) this.#armTimer();
  }
}
