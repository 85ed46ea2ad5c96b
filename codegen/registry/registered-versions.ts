import { type AvroNode, type AvroSchemaSource, parseAvroSchemas } from "../../src/compat/index.js";
import { CodegenInputError, RegistryRejectedError, SdkError } from "../../src/errors/index.js";
import type { RegistryClient, SchemaReference, SubjectVersion } from "../../src/registry/index.js";
import { mapConcurrently } from "./map-concurrently.js";
import { type CompiledRegisteredProto, compileRegisteredProto } from "./registered-protobuf.js";

// Confluent and Apicurio: 40401 no such subject; Confluent 40402 no such version.
const NO_SUBJECT = 40401;
// More referenced schemas than any real schema has: a registry answering an endless chain of references
// (each version naming a newer one) fails here instead of fetching forever.
const MAX_REFERENCED = 1_000;
// Versions of one subject read (and, for Protobuf, compiled) at a time.
const VERSIONS_IN_FLIGHT = 4;

/** A referenced subject version, under the name the referencing schema knows it by. */
export interface ReferencedVersion {
  readonly name: string;
  /** The subject and version as the reference names them. */
  readonly subject: string;
  readonly version: number;
  readonly stored: SubjectVersion;
}

interface RegisteredVersionCommon {
  readonly stored: SubjectVersion;
  /** The referenced schemas, depth first, each subject version once: dependency order. */
  readonly referenced: readonly ReferencedVersion[];
}

/** A registered Avro version, parsed with its references resolved. */
export interface RegisteredAvroVersion extends RegisteredVersionCommon {
  readonly format: "avro";
  readonly node: AvroNode;
}

/** A registered Protobuf version, compiled with its references. */
export interface RegisteredProtobufVersion extends RegisteredVersionCommon {
  readonly format: "protobuf";
  readonly compiled: CompiledRegisteredProto;
}

/** One registered version of a subject. */
export type RegisteredVersion = RegisteredAvroVersion | RegisteredProtobufVersion;

/**
 * Reads registered subject versions through a client, each subject version fetched once per run (a
 * reference shared by many subjects is one call).
 */
export class RegisteredVersions {
  readonly #client: RegistryClient;
  readonly #fetched = new Map<string, Promise<SubjectVersion>>();

  constructor(client: RegistryClient) {
    this.#client = client;
  }

  /** The version numbers of a subject, oldest first; empty when the registry does not know the subject. */
  async versionsOf(subject: string): Promise<readonly number[]> {
    try {
      return [...(await this.#client.getVersions(subject))].sort((a, b) => a - b);
    } catch (error) {
      if (error instanceof RegistryRejectedError && error.registryErrorCode === NO_SUBJECT) return [];
      throw error;
    }
  }

  /** One version with its references: Avro parsed, Protobuf compiled; any other type is an input error. */
  async version(subject: string, version: number | "latest"): Promise<RegisteredVersion> {
    const stored = await this.#get(subject, version);
    const label = `registry subject ${subject} version ${stored.version}`;
    if (stored.schemaType !== "AVRO" && stored.schemaType !== "PROTOBUF") {
      throw new CodegenInputError({ file: label }, `a ${stored.schemaType} schema; only Avro and Protobuf are checked`);
    }
    const referenced = await this.#referenced(stored.references, new Set(), label);
    if (stored.schemaType === "PROTOBUF") {
      const compiled = await compileRegisteredProto(subject, stored.schema, referenced, label);
      return { format: "protobuf", stored, referenced, compiled };
    }
    const sources: AvroSchemaSource[] = [
      ...referenced.map((entry) => ({
        schema: parseJson(entry.stored.schema, label),
        source: `${label} reference`,
      })),
      { schema: parseJson(stored.schema, label), source: label },
    ];
    const roots = parseRegistered(sources, label);
    return { format: "avro", stored, referenced, node: roots[roots.length - 1] as AvroNode };
  }

  /** Every version of a subject, oldest first (empty: a new subject). */
  async history(subject: string): Promise<RegisteredVersion[]> {
    const versions = await this.versionsOf(subject);
    // A Protobuf version is a compiler run: a subject with many versions must not start them all at once.
    return mapConcurrently(versions, VERSIONS_IN_FLIGHT, (version) => this.version(subject, version));
  }

  /** Referenced subject versions, depth first: each after the ones it references itself. */
  async #referenced(
    references: readonly SchemaReference[],
    seen: Set<string>,
    label: string,
  ): Promise<ReferencedVersion[]> {
    const found: ReferencedVersion[] = [];
    for (const reference of references) {
      const key = `${reference.subject}\0${reference.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (seen.size > MAX_REFERENCED)
        throw new CodegenInputError({ file: label }, `more than ${MAX_REFERENCED} referenced schemas`);
      const stored = await this.#get(reference.subject, reference.version);
      found.push(...(await this.#referenced(stored.references, seen, label)), {
        name: reference.name,
        subject: reference.subject,
        version: reference.version,
        stored,
      });
    }
    return found;
  }

  #get(subject: string, version: number | "latest"): Promise<SubjectVersion> {
    // "latest" moves: only numbered versions are remembered.
    if (version === "latest") return this.#client.getVersion(subject, version);
    const key = `${subject}\0${version}`;
    let pending = this.#fetched.get(key);
    if (pending === undefined) {
      pending = this.#client.getVersion(subject, version);
      this.#fetched.set(key, pending);
    }
    return pending;
  }
}

// A registry's answer is input like a file: whatever fails to parse is a typed error naming the subject
// version (a schema nested deeply enough to exhaust the stack included), never a crash.
function parseRegistered(sources: readonly AvroSchemaSource[], label: string): readonly AvroNode[] {
  try {
    return parseAvroSchemas(sources).roots;
  } catch (cause) {
    if (SdkError.is(cause)) throw cause;
    const detail = cause instanceof RangeError ? "nested too deeply to check" : String(cause);
    throw new CodegenInputError({ file: label }, `cannot parse the registered schema: ${detail}`, { cause });
  }
}

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new CodegenInputError({ file: label }, "the registry answered a schema that is not JSON", { cause });
  }
}
