/** The partitioners a topic binding or schemakit.config.json can name (the producer also takes functions). */
export const PARTITIONER_NAMES = ["murmur2", "round-robin", "sticky", "consistent-hash"] as const;

/** A partitioner by name. */
export type PartitionerName = (typeof PARTITIONER_NAMES)[number];
