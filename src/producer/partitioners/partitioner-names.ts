/**
 * The partitioners a topic binding or schemakit.config.json can name (the producer also takes functions),
 * each named for what it does with keyed and keyless records:
 * - "murmur2": Java's default. Keyed records by murmur2 of the key; keyless ones sticky (KIP-794).
 * - "murmur2-round-robin": keyed records by murmur2; keyless ones round robin.
 * - "consistent-hash": keyed records by jump consistent hash (few keys move when a topic grows).
 */
export const PARTITIONER_NAMES = ["murmur2", "murmur2-round-robin", "consistent-hash"] as const;

/**
 * Earlier names, still accepted with a DeprecationWarning: "sticky" always behaved as "murmur2", and
 * "round-robin" (which sends keyed records by murmur2, unlike Java's RoundRobinPartitioner) is
 * "murmur2-round-robin".
 */
export const DEPRECATED_PARTITIONER_NAMES = {
  sticky: "murmur2",
  "round-robin": "murmur2-round-robin",
} as const satisfies Readonly<Record<string, (typeof PARTITIONER_NAMES)[number]>>;

/** A partitioner by name (the deprecated names included, so that configurations keep compiling). */
export type PartitionerName = (typeof PARTITIONER_NAMES)[number] | keyof typeof DEPRECATED_PARTITIONER_NAMES;

/** The name a partitioner is known by now: a deprecated name's replacement, else the name itself. */
export function currentPartitionerName(name: PartitionerName): (typeof PARTITIONER_NAMES)[number] {
  return name in DEPRECATED_PARTITIONER_NAMES
    ? DEPRECATED_PARTITIONER_NAMES[name as keyof typeof DEPRECATED_PARTITIONER_NAMES]
    : (name as (typeof PARTITIONER_NAMES)[number]);
}

/** Whether a name is one of the deprecated ones. */
export function isDeprecatedPartitionerName(name: string): name is keyof typeof DEPRECATED_PARTITIONER_NAMES {
  return Object.hasOwn(DEPRECATED_PARTITIONER_NAMES, name);
}
