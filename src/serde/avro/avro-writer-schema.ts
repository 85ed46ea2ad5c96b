import type avsc from "avsc";
import { ConfigError } from "../../errors/index.js";
import type { RegistryClient, SchemaInput, SchemaReference, StoredSchema } from "../../registry/registry-client.js";
import type { AnyAvroNamedDesc, AnyAvroRecordDesc } from "../../schema/index.js";
import type { ResolvedSerializerOptions } from "../serde-options.js";
import { avroTypeOf, referencesInOrder } from "./avro-type-cache.js";
import { recordClassesOf } from "./parse-avro-schemas.js";
import { registryAvroType } from "./registry-avro-type.js";

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
        const writerType = await registryAvroType(registry, latest, this.#type.longs, recordClassesOf(this.#type));
        if (selection.strict) this.#assertLatestReadsLocal(writerType, subject, latest.version);
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

  async #pinnedType(registry: RegistryClient, schemaId: number): Promise<avsc.Type> {
    const stored: StoredSchema = await registry.getById(schemaId);
    if (stored.schemaType !== "AVRO")
      throw new ConfigError("schemaId", "the id of an Avro schema", `${stored.schemaType} schema id ${schemaId}`);
    return registryAvroType(registry, stored, this.#type.longs, recordClassesOf(this.#type));
  }

  /**
   * Java's latest.compatibility.strict: the latest version must be able to read what the local schema
   * writes (avsc's resolver applies the Avro resolution rules). Checked here rather than with the
   * registry's compatibility endpoint: that one checks the other direction under BACKWARD (can the local
   * schema read the latest's records), accepts anything under NONE, and gives no reasons on Apicurio.
   */
  #assertLatestReadsLocal(latest: avsc.Type, subject: string, version: number): void {
    try {
      latest.createResolver(this.#localType);
    } catch (cause) {
      throw new ConfigError(
        "latestCompatibilityStrict",
        `subject "${subject}" version ${version} able to read what the local schema ${this.#type.name} writes`,
        cause instanceof Error ? cause.message : String(cause),
        { cause },
      );
    }
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
