import type { CheckDirection, CompatibilityLevel } from "./compatibility-level.js";

/**
 * One reason a schema change breaks readers, in a format-neutral shape: the Avro checker fills it from
 * Apache Avro's rules, a Protobuf checker from Confluent's.
 */
export interface Incompatibility {
  /** The rule broken, as the reference checker names it (`READER_FIELD_MISSING_DEFAULT_VALUE`, ...). */
  readonly type: string;
  /** Where, as the reference checker locates it (Avro: a JSON pointer into the reader schema). */
  readonly location: string;
  /** What changed and whose reads break, for a person. */
  readonly message: string;
  /** The usual fix. */
  readonly fix: string;
  /** The reference checker's own terse message (Avro: Java's `Incompatibility.getMessage()`). */
  readonly detail: string;
  /** The earlier version compared with: its label (a version number, a file, `git:REV:path`). */
  readonly against: string;
  /** `backward`: the new schema was the reader; `forward`: the earlier one was. */
  readonly direction: CheckDirection;
}

/** The verdict for one schema against its earlier versions under a level. */
export interface CompatibilityResult {
  /** The schema's full name (or its file, for a schema without a name). */
  readonly schema: string;
  /** The registry subject, or null when checked offline. */
  readonly subject: string | null;
  readonly level: CompatibilityLevel;
  readonly compatible: boolean;
  readonly incompatibilities: readonly Incompatibility[];
}

/** The verdicts of one run: compatible when every result is. */
export interface CompatibilityReport {
  readonly compatible: boolean;
  readonly results: readonly CompatibilityResult[];
}

/** The stable JSON form of a report (`schemakit check --format json`). */
export interface CompatibilityReportJson {
  readonly compatible: boolean;
  readonly results: readonly {
    readonly schema: string;
    readonly subject: string | null;
    readonly level: CompatibilityLevel;
    readonly compatible: boolean;
    readonly incompatibilities: readonly {
      readonly type: string;
      readonly location: string;
      readonly message: string;
      readonly against: string;
    }[];
  }[];
}

/** Collects results into a report. */
export function createCompatibilityReport(results: readonly CompatibilityResult[]): CompatibilityReport {
  return { compatible: results.every((result) => result.compatible), results };
}

/** The report in its documented JSON shape: exactly these keys, in this order; the message ends with the fix. */
export function toCompatibilityReportJson(report: CompatibilityReport): CompatibilityReportJson {
  return {
    compatible: report.compatible,
    results: report.results.map((result) => ({
      schema: result.schema,
      subject: result.subject,
      level: result.level,
      compatible: result.compatible,
      incompatibilities: result.incompatibilities.map((incompatibility) => ({
        type: incompatibility.type,
        location: incompatibility.location,
        message: `${incompatibility.message} Usual fix: ${incompatibility.fix}`,
        against: incompatibility.against,
      })),
    })),
  };
}
