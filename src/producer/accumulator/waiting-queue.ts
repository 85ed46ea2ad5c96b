import type { DeliveryListener } from "./record-batch.js";

/**
 * Whose sends wait for buffer memory: one per topic, shared by all of that topic's waiting sends (a send
 * that waits costs no object of its own).
 */
export interface MemoryWaiter {
  readonly topic: string;
  /**
   * There is room: the send's record is encoded into its batch now, and charges its bytes as it goes in.
   * A throw fails that send alone (its listener hears of it).
   */
  admit(value: unknown, options: unknown, listener: DeliveryListener): void;
}

// Sends per chunk: a chunk's slots stay out of the large-object space, and a drained chunk is garbage.
const CHUNK_SENDS = 1024;
// Slots per send: its waiter, value, options and listener, side by side in one array.
const STRIDE = 4;

class Chunk {
  readonly slots: unknown[] = new Array<unknown>(CHUNK_SENDS * STRIDE).fill(undefined);
  readonly deadlines = new Float64Array(CHUNK_SENDS);
  next: Chunk | undefined;
}

/**
 * Sends waiting for buffer memory, first in first out. A million unawaited sends may wait at once, so a
 * waiting send is four array slots and a deadline in a chunk, not an object: the garbage collector copies
 * and marks the caller's value and listener, and nothing of ours per send. Each end moves by an index;
 * nothing is shifted or copied.
 */
export class WaitingQueue {
  #head = new Chunk();
  #headIndex = 0;
  #tail = this.#head;
  #tailIndex = 0;
  #length = 0;
  // One drained chunk kept for reuse: a queue that hovers around a chunk's end allocates nothing.
  #spare: Chunk | undefined;

  /** Sends waiting now. */
  get length(): number {
    return this.#length;
  }

  /** Clock time after which the oldest send gives up; undefined when none waits. */
  get headDeadline(): number | undefined {
    return this.#length === 0 ? undefined : this.#head.deadlines[this.#headIndex];
  }

  /** Topic of the oldest send; undefined when none waits. */
  get headTopic(): string | undefined {
    return this.#length === 0 ? undefined : (this.#head.slots[this.#headIndex * STRIDE] as MemoryWaiter).topic;
  }

  push(waiter: MemoryWaiter, value: unknown, options: unknown, listener: DeliveryListener, deadline: number): void {
    if (this.#tailIndex === CHUNK_SENDS) {
      const chunk = this.#spare ?? new Chunk();
      this.#spare = undefined;
      this.#tail.next = chunk;
      this.#tail = chunk;
      this.#tailIndex = 0;
    }
    const { slots } = this.#tail;
    const at = this.#tailIndex * STRIDE;
    slots[at] = waiter;
    slots[at + 1] = value;
    slots[at + 2] = options;
    slots[at + 3] = listener;
    this.#tail.deadlines[this.#tailIndex] = deadline;
    this.#tailIndex += 1;
    this.#length += 1;
  }

  /** Takes the oldest send off and admits it; when that throws, its listener hears why. Nothing waits: no-op. */
  admitHead(): void {
    if (this.#length === 0) return;
    const { slots } = this.#head;
    const at = this.#headIndex * STRIDE;
    const waiter = slots[at] as MemoryWaiter;
    const value = slots[at + 1];
    const options = slots[at + 2];
    const listener = slots[at + 3] as DeliveryListener;
    this.#drop(slots, at);
    try {
      waiter.admit(value, options, listener);
    } catch (error) {
      listener.failed(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Takes the oldest send off and fails it with `error`. Nothing waits: no-op. */
  failHead(error: Error): void {
    if (this.#length === 0) return;
    const { slots } = this.#head;
    const at = this.#headIndex * STRIDE;
    const listener = slots[at + 3] as DeliveryListener;
    this.#drop(slots, at);
    listener.failed(error);
  }

  // Clears the head's slots (the caller's value must not outlive its send) and moves past it.
  #drop(slots: unknown[], at: number): void {
    slots[at] = undefined;
    slots[at + 1] = undefined;
    slots[at + 2] = undefined;
    slots[at + 3] = undefined;
    this.#headIndex += 1;
    this.#length -= 1;
    if (this.#length === 0) {
      // Empty: start over at the front of the head chunk; later chunks (all drained) are let go.
      this.#head.next = undefined;
      this.#tail = this.#head;
      this.#headIndex = 0;
      this.#tailIndex = 0;
    } else if (this.#headIndex === CHUNK_SENDS) {
      const drained = this.#head;
      this.#head = drained.next as Chunk;
      this.#headIndex = 0;
      drained.next = undefined;
      this.#spare = drained;
    }
  }
}
