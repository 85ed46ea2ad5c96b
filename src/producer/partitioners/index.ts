export { consistentHash, jumpConsistentHash, keyHash64 } from "./consistent-hash.js";
export { javaCompatible } from "./java-compatible.js";
export { roundRobin, sticky } from "./keyless.js";
export { murmur2, toPositive } from "./murmur2.js";
export type { Partitioner, PartitionerFunction, PartitionInput } from "./partitioner.js";
export {
  DEPRECATED_PARTITIONER_NAMES,
  PARTITIONER_NAMES,
  currentPartitionerName,
  type PartitionerName,
} from "./partitioner-names.js";
export { checkPartition, resolvePartitioner, type PartitionerSpec } from "./resolve-partitioner.js";
