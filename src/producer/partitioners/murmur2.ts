// Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2): MurmurHash2, 32-bit, seed 0x9747b28c,
// over the key's bytes. Java's default partitioner for keyed records is
// toPositive(murmur2(serializedKey)) % partitionCount over all partitions.

const M = 0x5bd1e995;
const DEFAULT_SEED = 0x9747b28c;

/** MurmurHash2 of `bytes` as Java computes it: a signed 32-bit integer. */
export function murmur2(bytes: Uint8Array, seed: number = DEFAULT_SEED): number {
  const length = bytes.length;
  let h = (seed ^ length) | 0;
  const blocks = length >> 2;
  for (let i = 0; i < blocks; i += 1) {
    const at = i << 2;
    let k =
      (bytes[at] as number) |
      ((bytes[at + 1] as number) << 8) |
      ((bytes[at + 2] as number) << 16) |
      ((bytes[at + 3] as number) << 24) |
      0;
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // The 1–3 trailing bytes (Java's switch with fall-through, as ifs).
  const tail = blocks << 2;
  const rest = length & 3;
  if (rest === 3) h ^= (bytes[tail + 2] as number) << 16;
  if (rest >= 2) h ^= (bytes[tail + 1] as number) << 8;
  if (rest >= 1) {
    h ^= bytes[tail] as number;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Java's Utils.toPositive: clears the sign bit (not Math.abs). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}
