import { BufferFullError } from "../../errors/index.js";
import type { Clock } from "../../internal/clock.js";

/** A send that waits for buffer memory. Its record is built only when it reaches the head of the queue. */
export interface MemoryWaiter {
  readonly topic: string;
  /**
   * Builds the record (serializes it) and returns its size; called once, at the head of the queue, so
   * that the bytes of waiting sends never sit outside the budget. A throw rejects that send alone.
   */
  readonly measure: () => number;
  /** The bytes are reserved: the record goes into its batch now. */
  readonly admit: () => void;
  readonly fail: (error: unknown) => void;
}

interface Queued {
  readonly waiter: MemoryWaiter;
  /** Clock time after which the waiter gives up. */
  readonly deadline: number;
  bytes: number | undefined;
}

interface DrainWatch {
  readonly upTo: number;
  readonly resolve: () => void;
}

/**
 * The producer's `bufferMemoryBytes`: bytes of records accepted and not yet settled. A send that does not
 * fit waits, first come first served, up to `maxBlockMs`, then rejects with BufferFullError (Java's
 * buffer.memory and max.block.ms). Releasing a settled batch's bytes admits the waiters that now fit.
 *
 * Waiters queue in arrival order with the same maxBlockMs, so their deadlines are in order too: one timer,
 * for the head, serves them all, and a burst of blocked sends costs no timer each. Only the head's record
 * is built while it waits; the others hold the caller's value, which the caller holds anyway.
 */
export class BufferMemory {
  readonly #capacity: number;
  readonly #maxBlockMs: number;
  readonly #clock: Clock;
  // A queue as an array plus a head index: shift() would be linear per call, quadratic under load.
  #queue: (Queued | undefined)[] = [];
  #head = 0;
  #cancelTimer: (() => void) | undefined;
  #used = 0;
  // Waiters ever queued and ever done (admitted or failed): what drained() compares.
  #queued = 0;
  #done = 0;
  #watches: DrainWatch[] = [];

  constructor(capacityBytes: number, maxBlockMs: number, clock: Clock) {
    this.#capacity = capacityBytes;
    this.#maxBlockMs = maxBlockMs;
    this.#clock = clock;
  }

  /** Bytes reserved now. */
  get usedBytes(): number {
    return this.#used;
  }

  /** Sends waiting for memory now. */
  get waitingCount(): number {
    return this.#queue.length - this.#head;
  }

  /** Reserves `bytes` at once when they fit and nobody waits before them; true when reserved. */
  tryReserve(bytes: number): boolean {
    if (this.#head < this.#queue.length || this.#used + bytes > this.#capacity) return false;
    this.#used += bytes;
    return true;
  }

  /** Queues a send behind every send already waiting; it is admitted, or fails, in arrival order. */
  enqueue(waiter: MemoryWaiter, knownBytes?: number): void {
    this.#queue.push({ waiter, deadline: this.#clock.now() + this.#maxBlockMs, bytes: knownBytes });
    this.#queued += 1;
    this.#admit();
    if (this.#cancelTimer === undefined) this.#armTimer();
  }

  release(bytes: number): void {
    this.#used -= bytes;
    this.#admit();
  }

  /** Resolves once every send queued before this call has been admitted or has failed. */
  drained(): Promise<void> {
    if (this.#done >= this.#queued) return Promise.resolve();
    return new Promise<void>((resolve) => this.#watches.push({ upTo: this.#queued, resolve }));
  }

  #admit(): void {
    let head = this.#queue[this.#head];
    while (head !== undefined) {
      if (head.bytes === undefined) {
        try {
          head.bytes = head.waiter.measure();
        } catch (error) {
          this.#shift();
          head.waiter.fail(error);
          head = this.#queue[this.#head];
          continue;
        }
      }
      if (this.#used + head.bytes > this.#capacity) break;
      this.#used += head.bytes;
      this.#shift();
      head.waiter.admit();
      head = this.#queue[this.#head];
    }
    if (head === undefined) {
      this.#cancelTimer?.();
      this.#cancelTimer = undefined;
    }
  }

  #shift(): void {
    this.#queue[this.#head] = undefined;
    this.#head += 1;
    this.#done += 1;
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    if (this.#watches.length > 0) this.#notify();
  }

  #notify(): void {
    const waiting: DrainWatch[] = [];
    for (const watch of this.#watches) {
      if (this.#done >= watch.upTo) watch.resolve();
      else waiting.push(watch);
    }
    this.#watches = waiting;
  }

  #armTimer(): void {
    const head = this.#queue[this.#head];
    if (head === undefined) return;
    this.#cancelTimer = this.#clock.setTimeout(() => this.#expire(), Math.max(0, head.deadline - this.#clock.now()));
  }

  #expire(): void {
    this.#cancelTimer = undefined;
    const now = this.#clock.now();
    let head = this.#queue[this.#head];
    while (head !== undefined && head.deadline <= now) {
      this.#shift();
      head.waiter.fail(new BufferFullError(head.waiter.topic, this.#capacity, this.#maxBlockMs, head.bytes));
      head = this.#queue[this.#head];
    }
    // The one that gave up may have been the only one that did not fit.
    this.#admit();
    if (this.#cancelTimer === undefined) this.#armTimer();
  }
}
