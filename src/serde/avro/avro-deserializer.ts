import type avsc from "avsc";
import { ConfigError, SchemaNotPreparedError, SdkError, WireFormatError } from "../../errors/index.js";
import { SettledOnce } from "../../internal/settled-once.js";
import type { AvroRecordDesc } from "../../schema/index.js";
import {
  resolveDeserializerOptions,
  type DeserializerOptions,
  type ResolvedDeserializerOptions,
} from "../serde-options.js";
import { HEADER_SIZE, readSchemaId } from "../wire-format.js";
import { avroTypeOf, resolverFor } from "./avro-type-cache.js";
import { decodeBounded } from "./bounded-tap.js";
import { registryAvroType } from "./registry-avro-type.js";

/** Options of an Avro deserializer: those of every deserializer (see DeserializerOptions). */
export type AvroDeserializerOptions = DeserializerOptions;

// Per writer schema id: how to read its records into the reader's type (null: as they are).
type WriterPlan = avsc.Resolver | null;

/**
 * Reads Confluent-framed Avro records into the reader's type: the writer schema comes from the registry
 * by id, and records written with older (or newer) schemas are resolved into the reader's schema.
 */
export class AvroDeserializer<T, I = T> {
  readonly type: AvroRecordDesc<T, I>;
  readonly #options: ResolvedDeserializerOptions;
  readonly #readerType: avsc.Type;
  // Ids are per registry, so plans are per deserializer; the Types and resolvers behind them are shared.
  readonly #plans = new SettledOnce<number, WriterPlan>();

  constructor(type: AvroRecordDesc<T, I>, options: AvroDeserializerOptions) {
    this.type = type;
    this.#options = resolveDeserializerOptions(options);
    this.#readerType = avroTypeOf(type);
  }

  /** Fetches an unseen writer schema first; otherwise no async function runs. */
  deserialize(topic: string, bytes: Buffer): Promise<T> {
    try {
      const schemaId = readSchemaId(bytes, topic);
      const plan = this.#plans.get(schemaId);
      if (plan === undefined)
        return this.#plan(schemaId, topic, bytes.length).then((fetched) =>
          this.#decode(topic, bytes, schemaId, fetched),
        );
      return Promise.resolve(this.#decode(topic, bytes, schemaId, plan));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Decodes synchronously; throws SchemaNotPreparedError when the writer id was never seen. */
  deserializeSync(topic: string, bytes: Buffer): T {
    const schemaId = readSchemaId(bytes, topic);
    const plan = this.#plans.get(schemaId);
    if (plan === undefined) throw new SchemaNotPreparedError(topic, this.type.name);
    return this.#decode(topic, bytes, schemaId, plan);
  }

  #decode(topic: string, bytes: Buffer, schemaId: number, plan: WriterPlan): T {
    let decoded: { value: unknown; offset: number };
    try {
      // Reads in place (no subarray Buffer per record), every length and count bounded by the bytes left.
      decoded = decodeBounded(this.#readerType, bytes, HEADER_SIZE, plan ?? undefined);
    } catch (cause) {
      throw new WireFormatError(topic, bytes.length, `schema id ${schemaId}: ${String(cause)}`, { cause });
    }
    if (decoded.offset !== bytes.length) {
      const detail =
        decoded.offset < 0 ? "truncated Avro payload" : `${bytes.length - decoded.offset} bytes after the Avro payload`;
      throw new WireFormatError(topic, bytes.length, `schema id ${schemaId}: ${detail}`);
    }
    // Records of a generated class are decoded as its instances already.
    const { isInstance } = this.type;
    return isInstance?.(decoded.value) ? decoded.value : this.type.create(decoded.value as I);
  }

  // Concurrent first records of one writer id share one fetch; a failed fetch is not remembered.
  #plan(schemaId: number, topic: string, byteLength: number): Promise<WriterPlan> {
    return this.#plans.settle(schemaId, () => this.#fetchPlan(schemaId, topic, byteLength));
  }

  async #fetchPlan(schemaId: number, topic: string, byteLength: number): Promise<WriterPlan> {
    const { registry } = this.#options;
    const stored = await registry.getById(schemaId);
    if (stored.schemaType !== "AVRO") {
      throw new WireFormatError(topic, byteLength, `schema id ${schemaId} is a ${stored.schemaType} schema, not Avro`);
    }
    let plan: WriterPlan;
    try {
      const writerType = await registryAvroType(registry, stored, this.type.longs);
      plan = resolverFor(this.#readerType, writerType) ?? null;
    } catch (cause) {
      // The registry's schema cannot be parsed, or schema evolution cannot bridge them (a field without
      // default, a changed type): no record of this writer id is readable as this type. A registry that
      // cannot be reached stays a registry error.
      if (SdkError.is(cause) && !(cause instanceof ConfigError)) throw cause;
      throw new WireFormatError(
        topic,
        byteLength,
        `schema id ${schemaId} cannot be read as ${this.type.name}: ${String(cause)}`,
        { cause },
      );
    }
    return plan;
  }
}
