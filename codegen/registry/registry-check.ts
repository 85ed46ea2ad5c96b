import {
  avroPairChecker,
  type CompatibilityLevel,
  type CompatibilityResult,
  checkCompatibility,
  DEFAULT_COMPATIBILITY_LEVEL,
  type ProtobufRuleSet,
  protobufPairChecker,
} from "../../src/compat/index.js";
import { CodegenInputError } from "../../src/errors/index.js";
import type { RegistryClient } from "../../src/registry/index.js";
import type { LocalSubject } from "./local-subjects.js";
import { mapConcurrently, SUBJECTS_IN_FLIGHT } from "./map-concurrently.js";
import type { RegisteredVersion, RegisteredVersions } from "./registered-versions.js";

/** The verdict for one subject, and how many registered versions it was checked against. */
export interface SubjectCheck {
  readonly subject: LocalSubject;
  readonly result: CompatibilityResult;
  /** Registered versions of the subject (0: a new subject, compatible as its first version). */
  readonly versionCount: number;
}

/**
 * The level a subject is checked at: its own level, else the global one (else the registry default).
 * Apicurio answers the global level for a subject without one of its own; Confluent answers 40408, which
 * the client turns into undefined.
 */
export async function effectiveLevel(client: RegistryClient, subject: string): Promise<CompatibilityLevel> {
  return (await client.getCompatibility(subject)) ?? (await client.getCompatibility()) ?? DEFAULT_COMPATIBILITY_LEVEL;
}

/**
 * Checks each local schema against every registered version of its subject, at the subject's effective
 * level (or `levelOverride`), with the reasons computed here by the Avro rules, or the Protobuf `rules`.
 * The registry's own compatibility endpoint is not used: Apicurio's `verbose=true` gives no reasons, with
 * a version in the path it checks that version only, even under a TRANSITIVE level, and for Protobuf it
 * does not resolve references. A subject the registry does not
 * know is compatible: its first version is accepted at any level.
 */
export async function checkSubjects(
  client: RegistryClient,
  versions: RegisteredVersions,
  subjects: readonly LocalSubject[],
  levelOverride?: CompatibilityLevel,
  rules: ProtobufRuleSet = "confluent",
): Promise<SubjectCheck[]> {
  return mapConcurrently(subjects, SUBJECTS_IN_FLIGHT, async (subject): Promise<SubjectCheck> => {
    const [level, previous] = await Promise.all([
      levelOverride ?? effectiveLevel(client, subject.subject),
      versions.history(subject.subject),
    ]);
    return { subject, result: checkOne(subject, level, previous, rules), versionCount: previous.length };
  });
}

function checkOne(
  subject: LocalSubject,
  level: CompatibilityLevel,
  previous: readonly RegisteredVersion[],
  rules: ProtobufRuleSet,
): CompatibilityResult {
  const { schema } = subject;
  const common = { schema: schema.fullName, subject: subject.subject, level };
  if (schema.format === "avro") {
    const versions = previous.map((version) => ({
      label: label(version),
      schema: sameFormat(subject, version, "avro").node,
    }));
    return checkCompatibility(avroPairChecker, { ...common, candidate: schema.node, previous: versions });
  }
  const versions = previous.map((version) => ({
    label: label(version),
    schema: sameFormat(subject, version, "protobuf").compiled.proto,
  }));
  return checkCompatibility(protobufPairChecker(rules), { ...common, candidate: schema.proto, previous: versions });
}

function label(version: RegisteredVersion): string {
  return String(version.stored.version);
}

// A subject whose registered versions are of another schema type than the local schema is a mistake in
// the config (or the registry), not an incompatibility the rules could explain.
function sameFormat<F extends RegisteredVersion["format"]>(
  subject: LocalSubject,
  version: RegisteredVersion,
  format: F,
): Extract<RegisteredVersion, { format: F }> {
  if (version.format !== format) {
    throw new CodegenInputError(
      { file: `registry subject ${subject.subject} version ${version.stored.version}` },
      `a ${version.stored.schemaType} schema, but the local schema ${subject.schema.fullName} is ` +
        (format === "avro" ? "Avro" : "Protobuf"),
    );
  }
  return version as Extract<RegisteredVersion, { format: F }>;
}
