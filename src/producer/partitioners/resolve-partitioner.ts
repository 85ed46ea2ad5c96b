import { ConfigError, PartitionError } from "../../errors/index.js";
import { consistentHash } from "./consistent-hash.js";
import { javaCompatible } from "./java-compatible.js";
import { roundRobin, sticky } from "./keyless.js";
import type { Partitioner, PartitionerFunction, PartitionInput } from "./partitioner.js";
import { PARTITIONER_NAMES, type PartitionerName } from "./partitioner-names.js";

/** What a topic's `partitioner` option takes. */
export type PartitionerSpec = PartitionerName | Partitioner | PartitionerFunction;

/**
 * The Partitioner for a topic's option (default "murmur2"): "murmur2" is Java's (keyed: murmur2, keyless:
 * sticky), "round-robin" is murmur2 for keyed records and round robin for keyless ones, "sticky" is
 * murmur2 plus sticky, "consistent-hash" is consistentHash(). Each topic gets its own state.
 */
export function resolvePartitioner(spec: PartitionerSpec | undefined, option = "partitioner"): Partitioner {
  if (spec === undefined || spec === "murmur2" || spec === "sticky") return javaCompatible(sticky());
  if (spec === "round-robin") return javaCompatible(roundRobin());
  if (spec === "consistent-hash") return consistentHash();
  if (typeof spec === "function") return customPartitioner(spec);
  if (typeof spec === "object" && spec !== null && typeof spec.partition === "function") return spec;
  throw new ConfigError(
    option,
    `${PARTITIONER_NAMES.map((name) => JSON.stringify(name)).join(", ")}, a Partitioner or a function`,
    spec,
  );
}

/** Checks a partitioner's answer (or an explicit partition): an integer in 0 ≤ p < partitionCount. */
export function checkPartition(topic: string, partition: number, partitionCount: number, source: string): number {
  if (!Number.isInteger(partition) || partition < 0 || partition >= partitionCount) {
    const shown = Number.isInteger(partition) ? String(partition) : (JSON.stringify(partition) ?? String(partition));
    throw new PartitionError(
      topic,
      partition,
      partitionCount,
      `${source} ${shown} is not one of its ${partitionCount} partitions (0..${partitionCount - 1})`,
    );
  }
  return partition;
}

function customPartitioner(partition: PartitionerFunction): Partitioner {
  return {
    name: "custom",
    requiresConsistency: false,
    partition(input: PartitionInput): number {
      return partition(input.key, input.partitionCount, input.record);
    },
  };
}
