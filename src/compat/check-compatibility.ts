import { type CompatibilityLevel, comparisonsFor } from "./compatibility-level.js";
import type { CompatibilityResult, Incompatibility } from "./compatibility-result.js";
import type { SchemaPairChecker } from "./schema-pair-checker.js";

/** An earlier version of a schema and the label findings against it carry (version number, file, ...). */
export interface SchemaVersion<S> {
  readonly label: string;
  readonly schema: S;
}

/** What to check: a new schema, its earlier versions (oldest first), the level; subject null offline. */
export interface CompatibilityCheckInput<S> {
  readonly schema: string;
  readonly subject: string | null;
  readonly level: CompatibilityLevel;
  readonly candidate: S;
  readonly previous: readonly SchemaVersion<S>[];
}

/**
 * Checks a new schema against its earlier versions under a level: BACKWARD reads the latest version's
 * data with the new schema, FORWARD the reverse, FULL both, *_TRANSITIVE against every earlier version
 * (oldest first); every incompatibility of every comparison is reported.
 */
export function checkCompatibility<S>(
  checker: SchemaPairChecker<S>,
  input: CompatibilityCheckInput<S>,
): CompatibilityResult {
  const incompatibilities: Incompatibility[] = [];
  for (const { index, direction } of comparisonsFor(input.level, input.previous.length)) {
    const earlier = input.previous[index] as SchemaVersion<S>;
    const [reader, writer] =
      direction === "backward" ? [input.candidate, earlier.schema] : [earlier.schema, input.candidate];
    for (const found of checker.check(reader, writer, direction)) {
      incompatibilities.push({ ...found, against: earlier.label, direction });
    }
  }
  return {
    schema: input.schema,
    subject: input.subject,
    level: input.level,
    compatible: incompatibilities.length === 0,
    incompatibilities,
  };
}
