import type avsc from "avsc";
import { ConfigError, SchemaNotPreparedError, SerializationError } from "../../errors/index.js";
import type { RegistryClient, SchemaInput, SchemaReference } from "../../registry/registry-client.js";
import type { AnyAvroRecordType, AvroRecordType } from "../../runtime/v1/types.js";
import { resolveSubjectNameStrategy, type SubjectNameFunction, type SubjectNameStrategy } from "../subject-name-strategy.js";
import { HEADER_SIZE, writeHeader } from "../wire-format.js";
import { avroTypeOf, parseAvroSchemas, referencesInOrder } from "./avro-type-cache.js";
import { invalidFields } from "./invalid-fields.js";

export interface AvroSerializerOptions {
  /** The registry client (a SchemaRegistry). */
  readonly registry: RegistryClient;
  /** How the subject is named; default "topic" (`<topic>-value`, Java's default). */
  readonly subjectNameStrategy?: SubjectNameStrategy;
  /** Serialize record keys (`<topic>-key` with the topic strategy); default false. */
  readonly isKey?: boolean;
  /**
   * Register the schema when preparing (default true). With false, the schema must already be
   * registered under the subject (looked up, as Java's auto.register.schemas=false).
   */
  readonly autoRegister?: boolean;
  /** Write with the subject's latest version instead of registering (Java's use.latest.version). */
  readonly useLatest?: boolean;
  /** With useLatest: fail prepare unless the latest version can read what the local schema writes. */
  readonly latestCompatibilityStrict?: boolean;
  /** Write with this schema id (Java's use.schema.id); it must exist. */
  readonly schemaId?: number;
  /** Ask the registry to normalise when registering or looking up. */
  readonly normalize?: boolean;
}

/** What prepare() settled for a topic. */
export interface PreparedSchema {
  readonly topic: string;
  readonly subject: string;
  readonly schemaId: number;
}

interface PreparedWriter extends PreparedSchema {
  readonly writerType: avsc.Type;
}

const INITIAL_SCRATCH_BYTES = 16 * 1024;

/**
 * Serializes records of one Avro type in the Confluent wire format. prepare() is async and memoised
 * per topic (registry work); encoding after it is synchronous and reuses one scratch buffer.
 */
export class AvroSerializer<T, I = T> {
  readonly type: AvroRecordType<T, I>;
  readonly #options: AvroSerializerOptions;
  readonly #subjectName: SubjectNameFunction;
  readonly #localType: avsc.Type;
  readonly #pending = new Map<string, Promise<PreparedWriter>>();
  readonly #prepared = new Map<string, PreparedWriter>();
  #scratch = Buffer.allocUnsafe(INITIAL_SCRATCH_BYTES);

  constructor(type: AvroRecordType<T, I>, options: AvroSerializerOptions) {
    validateOptions(options);
    this.type = type;
    this.#options = options;
    this.#subjectName = resolveSubjectNameStrategy(options.subjectNameStrategy, "subjectNameStrategy");
    this.#localType = avroTypeOf(type);
  }

  /** Settles subject and schema id for a topic; concurrent calls share one registry round trip. */
  async prepare(topic: string): Promise<PreparedSchema> {
    const done = this.#prepared.get(topic);
    if (done !== undefined) return publicView(done);
    let pending = this.#pending.get(topic);
    if (pending === undefined) {
      pending = this.#resolveWriter(topic).then(
        (prepared) => {
          this.#prepared.set(topic, prepared);
          this.#pending.delete(topic);
          return prepared;
        },
        (error: unknown) => {
          // Not cached: a later call retries (the registry may be back).
          this.#pending.delete(topic);
          throw error;
        },
      );
      this.#pending.set(topic, pending);
    }
    return publicView(await pending);
  }

  /** prepare() then encode. Once prepared, no async function runs: the hot path stays a plain call. */
  serialize(topic: string, value: T | I): Promise<Buffer> {
    const prepared = this.#prepared.get(topic);
    if (prepared === undefined) return this.prepare(topic).then(() => this.serializeSync(topic, value));
    try {
      return Promise.resolve(this.#encode(prepared, value));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Encodes synchronously; throws SchemaNotPreparedError unless prepare(topic) has resolved. */
  serializeSync(topic: string, value: T | I): Buffer {
    const prepared = this.#prepared.get(topic);
    if (prepared === undefined) throw new SchemaNotPreparedError(topic, this.type.name);
    return this.#encode(prepared, value);
  }

  #encode(prepared: PreparedWriter, value: unknown): Buffer {
    let end: number;
    try {
      end = prepared.writerType.encode(value, this.#scratch, HEADER_SIZE);
      if (end < 0) {
        // avsc answers how many bytes were missing; grow once to fit, with room to spare.
        this.#scratch = Buffer.allocUnsafe(2 * (this.#scratch.length - end));
        end = prepared.writerType.encode(value, this.#scratch, HEADER_SIZE);
      }
    } catch (error) {
      throw this.#invalid(prepared, value, error);
    }
    writeHeader(this.#scratch, prepared.schemaId);
    const framed = Buffer.allocUnsafe(end);
    this.#scratch.copy(framed, 0, 0, end);
    return framed;
  }

  #invalid(prepared: PreparedWriter, value: unknown, cause: unknown): SerializationError {
    const fields = invalidFields(prepared.writerType, value);
    const context = { topic: prepared.topic, subject: prepared.subject, recordName: this.type.name, schemaId: prepared.schemaId };
    return new SerializationError(
      context,
      fields.length > 0 ? fields : [{ path: [], expected: this.type.name, actual: String(cause) }],
      { cause },
    );
  }

  async #resolveWriter(topic: string): Promise<PreparedWriter> {
    const { registry } = this.#options;
    const isKey = this.#options.isKey ?? false;
    const subject = this.#subjectName(topic, isKey, this.type.name);
    if (this.#options.schemaId !== undefined) {
      const stored = await registry.getById(this.#options.schemaId);
      return { topic, subject, schemaId: stored.id, writerType: this.#localType };
    }
    if (this.#options.useLatest === true) {
      const latest = await registry.getVersion(subject, "latest");
      const referenced = await Promise.all(
        latest.references.map(async (reference) => (await registry.getVersion(reference.subject, reference.version)).schema),
      );
      const writerType = parseAvroSchemas([...referenced, latest.schema], this.type.longs);
      if (this.#options.latestCompatibilityStrict === true) assertReadable(writerType, this.#localType, subject, latest.version);
      return { topic, subject, schemaId: latest.id, writerType };
    }
    const schema = await this.#schemaInput(registry);
    const normalize = this.#options.normalize === undefined ? {} : { normalize: this.#options.normalize };
    const schemaId =
      this.#options.autoRegister === false
        ? (await registry.lookup(subject, schema, normalize)).id
        : await registry.register(subject, schema, normalize);
    return { topic, subject, schemaId, writerType: this.#localType };
  }

  /**
   * The schema with its references. Each referenced named type is registered under its full name (the
   * record name strategy), so the same type shared by many records is one subject.
   */
  async #schemaInput(registry: RegistryClient): Promise<SchemaInput> {
    const versions = new Map<AnyAvroRecordType, SchemaReference>();
    for (const type of referencesInOrder(this.type)) {
      const input = { schema: type.schema, references: type.references().map((direct) => referenceTo(versions, direct)) };
      if (this.#options.autoRegister !== false) await registry.register(type.name, input);
      const { version } = await registry.lookup(type.name, input);
      versions.set(type, { name: type.name, subject: type.name, version });
    }
    const references = this.type.references().map((direct) => referenceTo(versions, direct));
    return references.length === 0 ? { schema: this.type.schema } : { schema: this.type.schema, references };
  }
}

function publicView({ topic, subject, schemaId }: PreparedWriter): PreparedSchema {
  return { topic, subject, schemaId };
}

function referenceTo(
  versions: ReadonlyMap<AnyAvroRecordType, SchemaReference>,
  type: AnyAvroRecordType,
): SchemaReference {
  const reference = versions.get(type);
  if (reference === undefined) throw new TypeError(`reference ${type.name} was not registered before its user`);
  return reference;
}

function assertReadable(latest: avsc.Type, local: avsc.Type, subject: string, version: number): void {
  try {
    latest.createResolver(local);
  } catch (cause) {
    throw new ConfigError(
      "latestCompatibilityStrict",
      `subject "${subject}" version ${version} able to read the local schema`,
      cause instanceof Error ? cause.message : String(cause),
      { cause },
    );
  }
}

function validateOptions(options: AvroSerializerOptions): void {
  const modes = [options.useLatest === true, options.schemaId !== undefined].filter(Boolean).length;
  if (modes > 1) throw new ConfigError("useLatest", "not combined with schemaId", options.useLatest);
  if (options.schemaId !== undefined && (!Number.isInteger(options.schemaId) || options.schemaId < 0)) {
    throw new ConfigError("schemaId", "a non-negative integer", options.schemaId);
  }
  if (options.latestCompatibilityStrict === true && options.useLatest !== true) {
    throw new ConfigError("latestCompatibilityStrict", "used together with useLatest: true", true);
  }
}
