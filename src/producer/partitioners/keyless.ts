import type { Partitioner, PartitionInput } from "./partitioner.js";

/**
 * Round robin over all partitions, a counter per topic, starting at a random partition (Java's
 * RoundRobinPartitioner). Used for keyless records on request, and for keyed ones if named directly.
 */
export function roundRobin(random: () => number = Math.random): Partitioner {
  const counters = new Map<string, number>();
  return {
    name: "round-robin",
    requiresConsistency: false,
    partition({ topic, partitionCount }: PartitionInput): number {
      const next = counters.get(topic) ?? Math.floor(random() * 2 ** 31);
      counters.set(topic, (next + 1) % 2 ** 31);
      return next % partitionCount;
    },
  };
}

/**
 * KIP-794's uniform sticky partitioning for records without a key (Java ≥ 3.3): a topic's keyless records
 * all go to one partition until the batch there closes, then to another one picked at random (a different
 * one when there are several). Fewer, fuller batches than round robin at the same spread over time.
 */
export function sticky(random: () => number = Math.random): Partitioner {
  const current = new Map<string, number>();
  // The partition whose batch closed last, per topic: the next pick avoids it when there is a choice.
  const previous = new Map<string, number>();
  return {
    name: "sticky",
    requiresConsistency: false,
    partition({ topic, partitionCount }: PartitionInput): number {
      let partition = current.get(topic);
      if (partition === undefined || partition >= partitionCount) {
        const avoid = previous.get(topic);
        if (partitionCount > 1 && avoid !== undefined && avoid < partitionCount) {
          const pick = Math.floor(random() * (partitionCount - 1));
          partition = pick >= avoid ? pick + 1 : pick;
        } else {
          partition = Math.floor(random() * partitionCount);
        }
        current.set(topic, partition);
      }
      return partition;
    },
    onBatchClosed(topic: string, partition: number): void {
      if (current.get(topic) !== partition) return;
      current.delete(topic);
      previous.set(topic, partition);
    },
  };
}
