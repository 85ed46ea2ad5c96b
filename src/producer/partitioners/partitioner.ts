/** What a partitioner sees of a record. */
export interface PartitionInput {
  readonly topic: string;
  /** The serialized key (framing included for schema'd keys), or null for a keyless record. */
  readonly key: Buffer | null;
  /** The topic's partition count, from metadata. */
  readonly partitionCount: number;
  /** The record as given to send(). */
  readonly record: unknown;
}

/** Picks a partition for each record of a topic. */
export interface Partitioner {
  readonly name: string;
  /**
   * True when a key must always map to the same partition for a given partition count (never "any
   * available one" when a leader is down): the contract of keyed hashing, as franz-go declares it.
   */
  readonly requiresConsistency: boolean;
  /** A partition in 0 ≤ p < partitionCount. */
  partition(input: PartitionInput): number;
  /** The producer closed the batch of `partition` (sticky partitioners move to another one then). */
  onBatchClosed?(topic: string, partition: number): void;
}

/** A custom partitioner as a function; its answers are validated (an integer in range, else PartitionError). */
export type PartitionerFunction = (key: Buffer | null, partitionCount: number, record: unknown) => number;
