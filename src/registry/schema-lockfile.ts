import { ConfigError } from "../errors/index.js";

/** What the lockfile pins for one subject. */
export interface LockedSubject {
  /**
   * Full name of the schema registered under the subject: an Avro named type, a Protobuf message; for a
   * Protobuf file registered as a reference, its import path.
   */
  readonly schema: string;
  readonly version: number;
  readonly schemaId: number;
  /**
   * 16 hex digits. Avro: CRC-64-AVRO of the schema's Parsing Canonical Form (references written out).
   * Protobuf: SHA-256 of the canonical .proto texts of the file and its registered imports (see
   * protobufFingerprint).
   */
  readonly fingerprint: string;
}

/**
 * `schemakit.lock.json`: per subject the version, id and fingerprint of the schema registered for it, so
 * that a serializer given the lockfile writes with a pinned id and makes no registry call at start-up.
 */
export interface SchemaLockfile {
  /** The registry the ids belong to, without credentials; ids mean nothing in another registry. */
  readonly registry: string | undefined;
  readonly subjects: ReadonlyMap<string, LockedSubject>;
}

/** The only lockfile format so far; a newer one is refused rather than half read. */
export const SCHEMA_LOCKFILE_VERSION = 1;

const MAX_ID = 2 ** 31 - 1;
const FINGERPRINT = /^[0-9a-f]{16}$/;
const ENTRY_KEYS: readonly string[] = ["schema", "version", "id", "fingerprint"];

/**
 * Reads a parsed lockfile (JSON.parse of the file), checking every value; a ConfigError names the JSON
 * path of the first bad one, under `option` (default "lockfile").
 */
export function parseSchemaLockfile(json: unknown, option = "lockfile"): SchemaLockfile {
  const root = objectAt(json, option);
  const version = root["lockfileVersion"];
  if (version !== SCHEMA_LOCKFILE_VERSION)
    throw new ConfigError(`${option}.lockfileVersion`, String(SCHEMA_LOCKFILE_VERSION), version);
  const registry = root["registry"];
  if (registry !== undefined && typeof registry !== "string")
    throw new ConfigError(`${option}.registry`, "a URL string", registry);
  const subjects = new Map<string, LockedSubject>();
  for (const [subject, raw] of Object.entries(objectAt(root["subjects"], `${option}.subjects`))) {
    const at = `${option}.subjects[${JSON.stringify(subject)}]`;
    const entry = objectAt(raw, at);
    for (const key of Object.keys(entry))
      if (!ENTRY_KEYS.includes(key)) throw new ConfigError(`${at}.${key}`, `no other keys than ${ENTRY_KEYS}`, key);
    const { schema, version: subjectVersion, id, fingerprint } = entry;
    if (typeof schema !== "string" || schema === "") throw new ConfigError(`${at}.schema`, "a full name", schema);
    if (!isInt(subjectVersion, 1)) throw new ConfigError(`${at}.version`, `an integer from 1`, subjectVersion);
    if (!isInt(id, 0)) throw new ConfigError(`${at}.id`, `an integer from 0 to ${MAX_ID}`, id);
    if (typeof fingerprint !== "string" || !FINGERPRINT.test(fingerprint))
      throw new ConfigError(`${at}.fingerprint`, "16 lower-case hex digits", fingerprint);
    subjects.set(subject, { schema, version: subjectVersion, schemaId: id, fingerprint });
  }
  return { registry, subjects };
}

/** The lockfile as written: subjects in name order, so that a change is a small diff. */
export function toSchemaLockfileJson(lockfile: SchemaLockfile): Record<string, unknown> {
  const subjects: Record<string, unknown> = {};
  for (const subject of [...lockfile.subjects.keys()].sort()) {
    const entry = lockfile.subjects.get(subject) as LockedSubject;
    Object.defineProperty(subjects, subject, {
      value: { schema: entry.schema, version: entry.version, id: entry.schemaId, fingerprint: entry.fingerprint },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return {
    lockfileVersion: SCHEMA_LOCKFILE_VERSION,
    ...(lockfile.registry === undefined ? {} : { registry: lockfile.registry }),
    subjects,
  };
}

function objectAt(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ConfigError(at, "a JSON object", value);
  return value as Record<string, unknown>;
}

function isInt(value: unknown, min: number): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= MAX_ID;
}
