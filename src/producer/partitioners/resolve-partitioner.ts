import { ConfigError, PartitionError } from "../../errors/index.js";
import { consistentHash } from "./consistent-hash.js";
import { javaCompatible } from "./java-compatible.js";
import { roundRobin, sticky } from "./keyless.js";
import type { Partitioner, PartitionerFunction, PartitionInput } from "./partitioner.js";
import {
  currentPartitionerName,
  isDeprecatedPartitionerName,
  PARTITIONER_NAMES,
  type PartitionerName,
} from "./partitioner-names.js";

/** What a topic's `partitioner` option takes. */
export type PartitionerSpec = PartitionerName | Partitioner | PartitionerFunction;

/**
 * The Partitioner for a topic's option (default "murmur2"; the names are explained where they are
 * defined). Each topic gets its own state. A deprecated name works as its replacement, with a
 * DeprecationWarning once per process.
 */
export function resolvePartitioner(spec: PartitionerSpec | undefined, option = "partitioner"): Partitioner {
  if (typeof spec === "string" && isDeprecatedPartitionerName(spec)) warnDeprecated(spec);
  const named = spec === undefined ? "murmur2" : spec;
  const name = typeof named === "string" && isKnownName(named) ? currentPartitionerName(named) : undefined;
  if (name === "murmur2") return javaCompatible(sticky());
  if (name === "murmur2-round-robin") return javaCompatible(roundRobin());
  if (name === "consistent-hash") return consistentHash();
  if (typeof spec === "function") return customPartitioner(spec);
  if (typeof spec === "object" && spec !== null && typeof spec.partition === "function") return spec;
  throw new ConfigError(
    option,
    `${PARTITIONER_NAMES.map((known) => JSON.stringify(known)).join(", ")}, a Partitioner or a function`,
    spec,
  );
}

function isKnownName(name: string): name is PartitionerName {
  return (PARTITIONER_NAMES as readonly string[]).includes(name) || isDeprecatedPartitionerName(name);
}

const warned = new Set<string>();

function warnDeprecated(name: "sticky" | "round-robin"): void {
  if (warned.has(name)) return;
  warned.add(name);
  process.emitWarning(
    `partitioner "${name}" is deprecated: use "${currentPartitionerName(name)}", which behaves the same`,
    { type: "DeprecationWarning", code: "SCHEMAKIT_DEP_PARTITIONER_NAME" },
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
