import type avsc from "avsc";
import { SchemaNotPreparedError, WireFormatError } from "../../errors/index.js";
import type { RegistryClient, SchemaReference } from "../../registry/registry-client.js";
import type { AvroRecordType } from "../../runtime/v1/types.js";
import { HEADER_SIZE, readSchemaId } from "../wire-format.js";
import { avroTypeOf, parseAvroSchemas } from "./avro-type-cache.js";

export interface AvroDeserializerOptions {
  /** The registry client (a SchemaRegistry); writer schemas are fetched by id once. */
  readonly registry: RegistryClient;
}

/** How to read bytes written with one writer schema id into the reader's type. */
interface WriterPlan {
  /** undefined when writer and reader schema are the same (no resolution needed). */
  readonly resolver: avsc.Resolver | undefined;
}

/**
 * Reads Confluent-framed Avro records into the reader's type: the writer schema comes from the registry
 * by id, and records written with older (or newer) schemas are resolved into the reader's schema.
 */
export class AvroDeserializer<T, I = T> {
  readonly type: AvroRecordType<T, I>;
  readonly #registry: RegistryClient;
  readonly #readerType: avsc.Type;
  readonly #plans = new Map<number, WriterPlan>();
  readonly #pending = new Map<number, Promise<WriterPlan>>();

  constructor(type: AvroRecordType<T, I>, options: AvroDeserializerOptions) {
    this.type = type;
    this.#registry = options.registry;
    this.#readerType = avroTypeOf(type);
  }

  /** Fetches an unseen writer schema first; otherwise no async function runs. */
  deserialize(topic: string, bytes: Buffer): Promise<T> {
    try {
      const schemaId = readSchemaId(bytes, topic);
      if (!this.#plans.has(schemaId)) return this.#plan(schemaId).then(() => this.deserializeSync(topic, bytes));
      return Promise.resolve(this.deserializeSync(topic, bytes));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Decodes synchronously; throws SchemaNotPreparedError when the writer id was never seen. */
  deserializeSync(topic: string, bytes: Buffer): T {
    const schemaId = readSchemaId(bytes, topic);
    const plan = this.#plans.get(schemaId);
    if (plan === undefined) throw new SchemaNotPreparedError(topic, this.type.name);
    let decoded: { value: unknown; offset: number };
    try {
      // decode() reads in place: no subarray Buffer per record.
      decoded = this.#readerType.decode(bytes, HEADER_SIZE, plan.resolver);
    } catch (cause) {
      throw new WireFormatError(topic, bytes.length, `schema id ${schemaId}: ${String(cause)}`, { cause });
    }
    if (decoded.offset !== bytes.length) {
      const detail = decoded.offset < 0 ? "truncated Avro payload" : `${bytes.length - decoded.offset} bytes after the Avro payload`;
      throw new WireFormatError(topic, bytes.length, `schema id ${schemaId}: ${detail}`);
    }
    return this.type.create(decoded.value as I);
  }

  #plan(schemaId: number): Promise<WriterPlan> {
    let pending = this.#pending.get(schemaId);
    if (pending === undefined) {
      pending = this.#fetchPlan(schemaId).finally(() => this.#pending.delete(schemaId));
      this.#pending.set(schemaId, pending);
    }
    return pending;
  }

  async #fetchPlan(schemaId: number): Promise<WriterPlan> {
    const stored = await this.#registry.getById(schemaId);
    const referenced = await this.#referencedSchemas(stored.references, new Set());
    const writerType = parseAvroSchemas([...referenced, stored.schema], this.type.longs);
    const plan: WriterPlan = {
      resolver: writerType.equals(this.#readerType) ? undefined : this.#readerType.createResolver(writerType),
    };
    this.#plans.set(schemaId, plan);
    return plan;
  }

  /** Schema texts of the references, depth first, each once. */
  async #referencedSchemas(references: readonly SchemaReference[], seen: Set<string>): Promise<string[]> {
    const schemas: string[] = [];
    for (const reference of references) {
      const key = `${reference.subject}\u0000${reference.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const version = await this.#registry.getVersion(reference.subject, reference.version);
      schemas.push(...(await this.#referencedSchemas(version.references, seen)), version.schema);
    }
    return schemas;
  }
}
