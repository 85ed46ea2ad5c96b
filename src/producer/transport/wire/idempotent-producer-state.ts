import type { ProducerState } from "./record-batch/record-batch-builder.js";
import { incrementSequence } from "./sequence-numbers.js";

const MAX_EPOCH = 0x7fff;

interface PartitionSequences {
  next: number;
  /** The last sequence the broker acknowledged under the current epoch; -1 before any. */
  lastAcked: number;
}

/**
 * The idempotent producer's id, epoch and per-partition sequence numbers (Java's TransactionManager for a
 * producer without transactions). A batch gets its base sequence when it is first sent and keeps it on
 * retries; a batch that fails for good leaves a gap, so the epoch is bumped and every partition's
 * sequences start again at 0 — once nothing is in flight, so no old-epoch batch can land after a new one.
 */
export class IdempotentProducerState {
  #producerId = -1n;
  #epoch = -1;
  readonly #partitions = new Map<string, PartitionSequences>();
  #inFlight = 0;
  #bumpRequested = false;
  #waiters: (() => void)[] = [];
  readonly #newProducerId: () => Promise<{ producerId: bigint; producerEpoch: number }>;

  /** `newProducerId` asks a broker for an id (InitProducerId); used at start and when the epoch runs out. */
  constructor(newProducerId: () => Promise<{ producerId: bigint; producerEpoch: number }>) {
    this.#newProducerId = newProducerId;
  }

  get producerId(): bigint {
    return this.#producerId;
  }

  get epoch(): number {
    return this.#epoch;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get bumpRequested(): boolean {
    return this.#bumpRequested;
  }

  async init(): Promise<void> {
    const { producerId, producerEpoch } = await this.#newProducerId();
    this.#producerId = producerId;
    this.#epoch = producerEpoch;
    this.#partitions.clear();
  }

  #partition(key: string): PartitionSequences {
    let sequences = this.#partitions.get(key);
    if (sequences === undefined) {
      sequences = { next: 0, lastAcked: -1 };
      this.#partitions.set(key, sequences);
    }
    return sequences;
  }

  /** Resolves when a batch may be sent: no epoch bump is waiting for in-flight requests to finish. */
  async ready(): Promise<void> {
    while (this.#bumpRequested) {
      if (this.#inFlight === 0) {
        await this.#bump();
        return;
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  async #bump(): Promise<void> {
    if (this.#epoch >= MAX_EPOCH) await this.init();
    else {
      this.#epoch += 1;
      this.#partitions.clear();
    }
    this.#bumpRequested = false;
  }

  /**
   * The producer fields of a batch of `recordCount` records about to be sent to `partitionKey`: the
   * batch's own when it was sequenced under the current epoch, else the partition's next sequence.
   */
  sequence(partitionKey: string, recordCount: number, previous: ProducerState | undefined): ProducerState {
    if (previous !== undefined && previous.producerEpoch === this.#epoch && previous.producerId === this.#producerId)
      return previous;
    const sequences = this.#partition(partitionKey);
    const baseSequence = sequences.next;
    sequences.next = incrementSequence(baseSequence, recordCount);
    return { producerId: this.#producerId, producerEpoch: this.#epoch, baseSequence };
  }

  /** Whether the batch is the next one the broker expects on its partition (Java's isNextSequence). */
  isNextSequence(partitionKey: string, producer: ProducerState): boolean {
    if (producer.producerEpoch !== this.#epoch) return false;
    const { lastAcked } = this.#partition(partitionKey);
    return (
      incrementSequence(lastAcked, 1) === producer.baseSequence || (lastAcked === -1 && producer.baseSequence === 0)
    );
  }

  /**
   * Whether the broker has acknowledged a batch of the partition in the current epoch. Until it has, the
   * broker may not know this producer on the partition and then takes any sequence as the first: a second
   * batch in flight could be written before a first one that failed (NOT_LEADER_OR_FOLLOWER on a new
   * topic), which would leave the first out of order for good. So the first batch goes alone.
   */
  hasAcknowledged(partitionKey: string): boolean {
    return this.#partition(partitionKey).lastAcked !== -1;
  }

  /**
   * Whether a later batch of the partition was already written in this epoch: then this one can never be
   * in order again, and only a new epoch (which renumbers it) lets it through.
   */
  isBehindAcknowledged(partitionKey: string, producer: ProducerState): boolean {
    if (producer.producerEpoch !== this.#epoch || producer.producerId !== this.#producerId) return false;
    return producer.baseSequence <= this.#partition(partitionKey).lastAcked;
  }

  acknowledged(partitionKey: string, producer: ProducerState, recordCount: number): void {
    if (producer.producerEpoch !== this.#epoch || producer.producerId !== this.#producerId) return;
    this.#partition(partitionKey).lastAcked = incrementSequence(producer.baseSequence, recordCount - 1);
  }

  /** Asks for an epoch bump; it happens in `ready` once no request is in flight. */
  requestEpochBump(): void {
    this.#bumpRequested = true;
  }

  sent(): void {
    this.#inFlight += 1;
  }

  settled(): void {
    this.#inFlight -= 1;
    if (this.#inFlight === 0) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const wake of waiters) wake();
    }
  }
}
