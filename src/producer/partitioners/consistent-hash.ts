import { sticky } from "./keyless.js";
import { murmur2 } from "./murmur2.js";
import type { Partitioner, PartitionInput } from "./partitioner.js";

// Second seed of the 64-bit key hash: any constant other than murmur2's default works.
const HIGH_SEED = 0x2545f491;
const LCG_MULTIPLIER = 2862933555777941757n;
const TWO_POW_31 = 2 ** 31;

/**
 * Jump consistent hash (Lamping & Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm", 2014) of a
 * 64-bit key into `buckets` buckets. When buckets grow from N to M, a key either stays or moves to one of
 * the new buckets N..M-1, and only ≈ (M−N)/M of keys move.
 */
export function jumpConsistentHash(key: bigint, buckets: number): number {
  let k = BigInt.asUintN(64, key);
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    k = BigInt.asUintN(64, k * LCG_MULTIPLIER + 1n);
    j = Math.floor((b + 1) * (TWO_POW_31 / (Number(k >> 33n) + 1)));
  }
  return b;
}

/** The 64-bit hash of key bytes that consistentHash() jumps from: two murmur2 passes, high and low. */
export function keyHash64(key: Uint8Array): bigint {
  return (BigInt(murmur2(key, HIGH_SEED) >>> 0) << 32n) | BigInt(murmur2(key) >>> 0);
}

/**
 * A partitioner whose keyed records move as little as possible when the topic grows: jump consistent
 * hash over a 64-bit hash of the serialized key. Growing from N to M partitions moves ≈ (M−N)/M of the
 * keys, all of them to the new partitions; murmur2 modulo the count moves far more (half of them from 6
 * to 12 partitions, 5/6 of them from 6 to 7). Not Java-compatible: every producer of the topic must use
 * the same algorithm. Keyless records go to `keyless` (sticky by default).
 */
export function consistentHash(keyless: Partitioner = sticky()): Partitioner {
  return {
    name: "consistent-hash",
    requiresConsistency: true,
    partition(input: PartitionInput): number {
      if (input.key === null) return keyless.partition(input);
      return jumpConsistentHash(keyHash64(input.key), input.partitionCount);
    },
    onBatchClosed(topic: string, partition: number): void {
      keyless.onBatchClosed?.(topic, partition);
    },
  };
}
