import { BufferFullError } from "../../errors/index.js";
import type { Clock } from "../../internal/clock.js";
import type { DeliveryListener } from "./record-batch.js";
import { type MemoryWaiter, WaitingQueue } from "./waiting-queue.js";

interface DrainWatch {
  readonly upTo: number;
  readonly resolve: () => void;
}

/**
 * The producer's `bufferMemoryBytes`: bytes of records accepted and not yet settled. While they reach it,
 * a send waits, first come first served, up to `maxBlockMs`, then rejects with BufferFullError (Java's
 * buffer.memory and max.block.ms). Releasing a settled batch's bytes admits waiters while there is room.
 *
 * A record's size is known only once it is encoded, into its batch: so a send is admitted while the
 * bytes used are below the budget, and the budget may be passed by the last record admitted (at most
 * maxRequestSizeBytes). No waiting send is encoded before it is admitted: waiting sends hold the caller's
 * value, which the caller holds anyway, and no bytes outside the budget.
 *
 * Waiters queue in arrival order with the same maxBlockMs, so their deadlines are in order too: one timer,
 * for the head, serves them all, and a burst of blocked sends costs no timer each.
 */
export class BufferMemory {
  readonly #capacity: number;
  readonly #maxBlockMs: number;
  readonly #clock: Clock;
  // Each waiting send is its slots in the queue, its deadline beside them: no object per waiting send.
  readonly #queue = new WaitingQueue();
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
    return this.#queue.length;
  }

  /** True when a send may go in now: bytes used are below the budget and nobody waits before it. */
  get hasRoom(): boolean {
    return this.#queue.length === 0 && this.#used < this.#capacity;
  }

  /** Counts bytes of a record just admitted. */
  charge(bytes: number): void {
    this.#used += bytes;
  }

  /**
   * Queues a send behind every send already waiting; it is admitted (`waiter.admit(value, options,
   * listener)`), or its listener fails, in arrival order.
   */
  enqueue(waiter: MemoryWaiter, value: unknown, options: unknown, listener: DeliveryListener): void {
    this.#queue.push(waiter, value, options, listener, this.#clock.now() + this.#maxBlockMs);
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
    const queue = this.#queue;
    while (queue.length > 0 && this.#used < this.#capacity) {
      this.#done += 1;
      queue.admitHead();
      if (this.#watches.length > 0) this.#notify();
    }
    if (queue.length === 0) {
      this.#cancelTimer?.();
      this.#cancelTimer = undefined;
    }
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
    const deadline = this.#queue.headDeadline;
    if (deadline === undefined) return;
    this.#cancelTimer = this.#clock.setTimeout(() => this.#expire(), Math.max(0, deadline - this.#clock.now()));
  }

  #expire(): void {
    this.#cancelTimer = undefined;
    const now = this.#clock.now();
    const queue = this.#queue;
    for (let deadline = queue.headDeadline; deadline !== undefined && deadline <= now; ) {
      const topic = queue.headTopic as string;
      this.#done += 1;
      queue.failHead(new BufferFullError(topic, this.#capacity, this.#maxBlockMs, undefined));
      if (this.#watches.length > 0) this.#notify();
      deadline = queue.headDeadline;
    }
    // The one that gave up may have been the only one that did not fit.
    this.#admit();
    if (this.#cancelTimer === undefined) this.#armTimer();
  }
}
