import { murmur2, toPositive } from "./murmur2.js";
import type { Partitioner, PartitionInput } from "./partitioner.js";

/**
 * Java's default partitioning (BuiltInPartitioner, Kafka ≥ 3.3): a keyed record goes to
 * toPositive(murmur2(serializedKey)) % partitionCount, over all partitions, available or not — the same
 * partition a JVM producer picks for the same key bytes. Keyless records go to `keyless` (sticky by
 * default, KIP-794).
 */
export function javaCompatible(keyless: Partitioner): Partitioner {
  return {
    // Named as resolvePartitioner knows it: "murmur2" (sticky keyless records, Java's) or "murmur2-round-robin".
    name: keyless.name === "sticky" ? "murmur2" : `murmur2-${keyless.name}`,
    requiresConsistency: true,
    partition(input: PartitionInput): number {
      if (input.key === null) return keyless.partition(input);
      return toPositive(murmur2(input.key)) % input.partitionCount;
    },
    onBatchClosed(topic: string, partition: number): void {
      keyless.onBatchClosed?.(topic, partition);
    },
  };
}
