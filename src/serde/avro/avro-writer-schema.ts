import type avsc from "avsc";
import { type AvroNode, avroPairChecker, checkCompatibility, parseAvroSchemas } from "../../compat/index.js";
import { ConfigError } from "../../errors/index.js";
import type { RegistryClient, SchemaInput, SchemaReference, StoredSchema } from "../../registry/registry-client.js";
import type { SchemaLockfile } from "../../registry/index.js";
import type { AnyAvroNamedDesc, AnyAvroRecordDesc } from "../../schema/index.js";
import type { ResolvedSerializerOptions } from "../serde-options.js";
import { avroTypeOf, compiledType, referencesInOrder } from "./avro-type-cache.js";
import { parsingFingerprint64 } from "./canonical-form.js";
import { recordClassesOf } from "./parse-avro-schemas.js";
import { referencedSchemas, registryAvroType } from "./registry-avro-type.js";

/** What a serializer writes a topic's records with. */
export interface WriterSchema {
  readonly subject: string;
  readonly schemaId: number;
  /** The Type records are encoded with: the local one, or the registry's for useLatest and schemaId. */
  readonly writerType: avsc.Type;
}

/**
 * Settles the subject, schema id and writer Type of one topic through the registry, in the mode the
 * options select. Only the local schema (the one the type was built from) is ever registered.
 */
export class AvroWriterSchemas {
  readonly #type: AnyAvroRecordDesc;
  readonly #options: ResolvedSerializerOptions;
  readonly #localType: avsc.Type;
  // A pinned id is the same for every topic: fetched and checked once.
  #pinned: Promise<avsc.Type> | undefined;

  constructor(type: AnyAvroRecordDesc, options: ResolvedSerializerOptions) {
    this.#type = type;
    this.#options = options;
    this.#localType = avroTypeOf(type);
  }

  async forTopic(topic: string): Promise<WriterSchema> {
    const { registry, selection, isKey } = this.#options;
    const subject = this.#options.subjectName(topic, isKey, this.#type.name);
    if (this.#options.lockfile !== undefined) return this.#locked(this.#options.lockfile, subject);
    switch (selection.kind) {
      case "register":
      case "lookup": {
        const registerOptions = selection.normalize ? { normalize: true } : {};
        const schema = await this.#localSchemaInput(registry, selection.kind === "register");
        const schemaId =
          selection.kind === "register"
            ? await registry.register(subject, schema, registerOptions)
            : (await registry.lookup(subject, schema, registerOptions)).id;
        return { subject, schemaId, writerType: this.#localType };
      }
      case "latest": {
        const latest = await registry.getVersion(subject, "latest");
        if (latest.schemaType !== "AVRO") {
          throw new ConfigError(
            "useLatest",
            `an Avro schema as the latest version of subject "${subject}"`,
            latest.schemaType,
          );
        }
        const referenced = await referencedSchemas(registry, latest.references, new Set());
        if (selection.strict) this.#assertLatestReadsLocal(latest, referenced, subject, latest.version);
        const writerType = compiledType([...referenced, latest.schema], this.#type.longs, recordClassesOf(this.#type));
        return { subject, schemaId: latest.id, writerType };
      }
      case "pinned": {
        this.#pinned ??= this.#pinnedType(registry, selection.schemaId).catch((error: unknown) => {
          // Not remembered: a later prepare asks again (the registry may be back).
          this.#pinned = undefined;
          throw error;
        });
        return { subject, schemaId: selection.schemaId, writerType: await this.#pinned };
      }
    }
  }

  /**
   * The id the lockfile pins for the subject, written with the local schema: no registry call. Refused
   * unless the locked schema is this type with this fingerprint (the Parsing Canonical Form: the binary
   * layout readers of that id expect), so a lockfile out of step with the code fails at prepare.
   */
  #locked(lockfile: SchemaLockfile, subject: string): WriterSchema {
    const locked = lockfile.subjects.get(subject);
    if (locked === undefined)
      throw new ConfigError("lockfile", `subject "${subject}" in the lockfile (run schemakit register)`, "not there");
    const fingerprint = this.#type.fingerprint ?? this.#computedFingerprint();
    if (locked.schema !== this.#type.name)
      throw new ConfigError("lockfile", `subject "${subject}" locked to ${this.#type.name}`, locked.schema);
    if (locked.fingerprint !== fingerprint) {
      throw new ConfigError(
        "lockfile",
        `subject "${subject}" locked with fingerprint ${fingerprint}: the schema changed (run schemakit register)`,
        locked.fingerprint,
      );
    }
    return { subject, schemaId: locked.schemaId, writerType: this.#localType };
  }

  #computedFingerprint(): string {
    const referenced = referencesInOrder(this.#type).map((type) => type.schema);
    return BigInt.asUintN(64, parsingFingerprint64(this.#type.schema, referenced)).toString(16).padStart(16, "0");
  }

  async #pinnedType(registry: RegistryClient, schemaId: number): Promise<avsc.Type> {
    const stored: StoredSchema = await registry.getById(schemaId);
    if (stored.schemaType !== "AVRO")
      throw new ConfigError("schemaId", "the id of an Avro schema", `${stored.schemaType} schema id ${schemaId}`);
    return registryAvroType(registry, stored, this.#type.longs, recordClassesOf(this.#type));
  }

  /**
   * Java's latest.compatibility.strict: the latest version must be able to read what the local schema
   * writes, by Apache Avro's rules (the ones `schemakit check` applies; names compare without namespace,
   * as in Java). Checked here rather than with the registry's compatibility endpoint: that one checks the
   * other direction under BACKWARD (can the local schema read the latest's records), accepts anything
   * under NONE, and gives no reasons on Apicurio. The error lists every incompatibility, as `check` does.
   */
  #assertLatestReadsLocal(latest: StoredSchema, referenced: readonly string[], subject: string, version: number): void {
    const local = [...referencesInOrder(this.#type).map((type) => type.schema), this.#type.schema];
    const reader = lastRoot([...referenced, latest.schema], `subject "${subject}" version ${version}`);
    const writer = lastRoot(local, `the local schema ${this.#type.name}`);
    const result = checkCompatibility(avroPairChecker, {
      schema: this.#type.name,
      subject,
      level: "FORWARD",
      candidate: writer,
      previous: [{ label: String(version), schema: reader }],
    });
    if (result.compatible) return;
    const count = result.incompatibilities.length;
    const findings = result.incompatibilities.map((found) => `${found.type} at ${found.location}: ${found.message}`);
    throw new ConfigError(
      "latestCompatibilityStrict",
      `subject "${subject}" version ${version} able to read what the local schema ${this.#type.name} writes; ` +
        `it cannot: ${findings.join(" ")}`,
      `${count} incompatibilit${count === 1 ? "y" : "ies"}`,
    );
  }
  /**
   * The local schema with its references. Each referenced named type is registered (or looked up) under
   * its full name as subject, so a type shared by many records is one subject, and referenced by
   * `{ name: <full name>, subject: <full name>, version }` as Confluent resolves Avro references by name.
   */
  async #localSchemaInput(registry: RegistryClient, register: boolean): Promise<SchemaInput> {
    const versions = new Map<AnyAvroNamedDesc, SchemaReference>();
    const referencesOf = (type: AnyAvroNamedDesc): SchemaReference[] =>
      type.references().map((direct) => {
        const reference = versions.get(direct);
        if (reference === undefined) throw new TypeError(`reference ${direct.name} was not registered before its user`);
        return reference;
      });
    for (const type of referencesInOrder(this.#type)) {
      const input = schemaInput(type.schema, referencesOf(type));
      if (register) await registry.register(type.name, input);
      const { version } = await registry.lookup(type.name, input);
      versions.set(type, { name: type.name, subject: type.name, version });
    }
    return schemaInput(this.#type.schema, referencesOf(this.#type));
  }
}

// No `references: []`: a schema without references is sent exactly as one registered by other tools.
function schemaInput(schema: string, references: readonly SchemaReference[]): SchemaInput {
  return references.length === 0 ? { schema } : { schema, references };
}

/** The last of schema texts parsed as one set (the others are its references). */
function lastRoot(texts: readonly string[], label: string): AvroNode {
  const roots = parseAvroSchemas(texts.map((text) => ({ schema: JSON.parse(text) as unknown, source: label }))).roots;
  return roots[roots.length - 1] as AvroNode;
}
