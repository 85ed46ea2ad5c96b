import { ConfigError } from "../errors/index.js";
import type { CompatibilityLevel } from "../registry/registry-client.js";

export type { CompatibilityLevel } from "../registry/registry-client.js";

/** Every level, as the Schema Registry names them. */
export const COMPATIBILITY_LEVELS: readonly CompatibilityLevel[] = Object.freeze([
  "NONE",
  "BACKWARD",
  "BACKWARD_TRANSITIVE",
  "FORWARD",
  "FORWARD_TRANSITIVE",
  "FULL",
  "FULL_TRANSITIVE",
]);

/** The registry's default level (Confluent's and Apicurio's ccompat API). */
export const DEFAULT_COMPATIBILITY_LEVEL: CompatibilityLevel = "BACKWARD";

/**
 * Which way one comparison reads: `backward` = the new schema reads data written with an earlier one
 * (reader = new, writer = earlier); `forward` = the earlier schema reads data written with the new one.
 */
export type CheckDirection = "backward" | "forward";

/** One comparison a level asks for: against which earlier version (index, oldest first), which way. */
export interface Comparison {
  readonly index: number;
  readonly direction: CheckDirection;
}

/** Parses a level name (case-insensitive); a ConfigError names the allowed values. */
export function parseCompatibilityLevel(value: string, option = "level"): CompatibilityLevel {
  const level = value.toUpperCase() as CompatibilityLevel;
  if (!COMPATIBILITY_LEVELS.includes(level))
    throw new ConfigError(option, `one of ${COMPATIBILITY_LEVELS.join(", ")}`, value);
  return level;
}

/**
 * The comparisons a level makes with `count` earlier versions (oldest first), with Confluent's semantics:
 * BACKWARD and FORWARD against the latest only, their TRANSITIVE forms against every earlier version
 * (oldest first), FULL both ways (backward first), NONE nothing.
 */
export function comparisonsFor(level: CompatibilityLevel, count: number): readonly Comparison[] {
  if (level === "NONE" || count === 0) return [];
  const transitive = level.endsWith("_TRANSITIVE");
  const directions: readonly CheckDirection[] = level.startsWith("BACKWARD")
    ? ["backward"]
    : level.startsWith("FORWARD")
      ? ["forward"]
      : ["backward", "forward"];
  const indexes = transitive ? Array.from({ length: count }, (_, index) => index) : [count - 1];
  return indexes.flatMap((index) => directions.map((direction) => ({ index, direction })));
}
