import { BufferFullError } from "../../errors/index.js";
import type { Clock } from "../../internal/clock.js";

interface Waiter {
  readonly bytes: number;
  readonly grant: () => void;
  readonly cancel: () => void;
}

/**
 * The producer's `bufferMemoryBytes`: bytes of records accepted and not yet settled. A send that does not
 * fit waits, first come first served, up to `maxBlockMs`, then rejects with BufferFullError (Java's
 * buffer.memory and max.block.ms). Releasing a settled record's bytes wakes the waiters that now fit.
 */
export class BufferMemory {
  readonly #capacity: number;
  readonly #maxBlockMs: number;
  readonly #clock: Clock;
  readonly #waiters: Waiter[] = [];
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
    if (this.#waiters.length > 0 || this.#used + bytes > this.#capacity) return false;
    this.#used += bytes;
    return true;
  }

  /** Reserves `bytes`, waiting up to maxBlockMs for them to be released. */
  reserve(bytes: number, topic: string): Promise<void> {
    if (this.tryReserve(bytes)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let cancelTimer = (): void => undefined;
      const waiter: Waiter = {
        bytes,
        grant: () => {
          cancelTimer();
          this.#used += bytes;
          resolve();
        },
        cancel: () => reject(new BufferFullError(topic, this.#capacity, this.#maxBlockMs, bytes)),
      };
      this.#waiters.push(waiter);
      cancelTimer = this.#clock.setTimeout(() => {
        const index = this.#waiters.indexOf(waiter);
        if (index >= 0) this.#waiters.splice(index, 1);
        waiter.cancel();
        // The head may have been the one that did not fit: those behind it may fit now.
        this.#wake();
      }, this.#maxBlockMs);
    });
  }

  release(bytes: number): void {
    this.#used -= bytes;
    this.#wake();
  }

  #wake(): void {
    while (this.#waiters.length > 0) {
      const head = this.#waiters[0] as Waiter;
      if (this.#used + head.bytes > this.#capacity) return;
      this.#waiters.shift();
      head.grant();
    }
  }
}
