import type { CompatibilityResult, ProtobufRuleSet } from "../../src/compat/index.js";
import { RegistryRejectedError, SchemaIncompatibleError } from "../../src/errors/index.js";
import type { RegistryClient, SchemaInput, SchemaReference, SubjectVersion } from "../../src/registry/index.js";
import type { LocalSubject } from "./local-subjects.js";
import type { RegisteredVersions } from "./registered-versions.js";
import { checkSubjects } from "./registry-check.js";

// Lookup of a schema that is not registered: no such subject (40401), or not under it (40403).
const NOT_REGISTERED = new Set([40401, 40403]);

/** What became of one subject. */
export type RegistrationStatus =
  /** Registered now, as a new version. */
  | "registered"
  /** Already registered: the same schema is a version of the subject. */
  | "unchanged"
  /** Dry run: would be registered (see `check` for whether the registry would accept it). */
  | "would-register"
  /** Not registered: incompatible with registered versions at the subject's level. */
  | "incompatible"
  /** Not registered: the registry refused it although the local check passed (see `registryMessage`). */
  | "rejected"
  /** Not registered: a schema it references was not registered. */
  | "skipped"
  /** `lock` only: not registered, so it cannot be locked. */
  | "not-registered";

export interface Registration {
  readonly subject: LocalSubject;
  readonly status: RegistrationStatus;
  /** The version and id under the subject, when it is registered. */
  readonly version: number | undefined;
  readonly schemaId: number | undefined;
  /** The local check against registered versions; undefined when the schema is already registered. */
  readonly check: CompatibilityResult | undefined;
  /** Why the registry refused it (status "rejected"), as it said. */
  readonly registryMessage?: string;
}

/** How far `registerSubjects` goes: register, only say what it would do, or only look up (for `lock`). */
export type RegistrationMode = "register" | "dry-run" | "lookup";

/**
 * Registers the local schemas of the subjects in order (dependency order: references first), each with
 * references to the versions its references got. A schema already registered under its subject keeps
 * its version. A new one is first checked locally, at the subject's level against every registered
 * version, so that a refusal comes with reasons; an incompatible one is not sent, and schemas that
 * reference it are skipped. With "dry-run" and "lookup" nothing is registered.
 */
export async function registerSubjects(
  client: RegistryClient,
  versions: RegisteredVersions,
  subjects: readonly LocalSubject[],
  mode: RegistrationMode,
  rules: ProtobufRuleSet = "confluent",
): Promise<Registration[]> {
  const done = new Map<string, Registration>();
  const registrations: Registration[] = [];
  for (const subject of subjects) {
    const references: SchemaReference[] = [];
    let blocked = false;
    for (const name of subject.schema.references) {
      const reference = done.get(name);
      if (reference?.version === undefined) blocked = true;
      else references.push({ name, subject: name, version: reference.version });
    }
    const input: SchemaInput = {
      schema: subject.schema.text,
      ...(subject.schema.format === "protobuf" ? { schemaType: "PROTOBUF" as const } : {}),
      ...(references.length === 0 ? {} : { references }),
    };
    const existing = blocked ? undefined : await lookup(client, subject.subject, input);
    let registration: Registration;
    if (existing !== undefined) {
      registration = {
        subject,
        status: "unchanged",
        version: existing.version,
        schemaId: existing.id,
        check: undefined,
      };
    } else {
      const [check] = await checkSubjects(client, versions, [subject], undefined, rules);
      const result = check?.result;
      const status: RegistrationStatus =
        mode === "lookup"
          ? "not-registered"
          : mode === "dry-run"
            ? "would-register"
            : blocked
              ? "skipped"
              : result?.compatible === false
                ? "incompatible"
                : "registered";
      registration = { subject, status, version: undefined, schemaId: undefined, check: result };
      if (status === "registered") {
        try {
          const schemaId = await client.register(subject.subject, input);
          const { version } = await client.lookup(subject.subject, input);
          registration = { ...registration, version, schemaId };
        } catch (error) {
          // A registry whose rules differ from ours (or a level changed meanwhile): a finding, not a crash.
          if (!(error instanceof SchemaIncompatibleError)) throw error;
          registration = { ...registration, status: "rejected", registryMessage: error.message };
        }
      }
    }
    done.set(subject.subject, registration);
    registrations.push(registration);
  }
  return registrations;
}

async function lookup(
  client: RegistryClient,
  subject: string,
  input: SchemaInput,
): Promise<SubjectVersion | undefined> {
  try {
    return await client.lookup(subject, input);
  } catch (error) {
    if (
      error instanceof RegistryRejectedError &&
      error.registryErrorCode !== undefined &&
      NOT_REGISTERED.has(error.registryErrorCode)
    )
      return undefined;
    throw error;
  }
}
