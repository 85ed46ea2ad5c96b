import type avsc from "avsc";
import { SchemaNotPreparedError, SerializationError } from "../../errors/index.js";
import type { AvroRecordDesc } from "../../schema/index.js";
import { PreparedTopics } from "../prepared-topics.js";
import { resolveSerializerOptions, type SerializerOptions } from "../serde-options.js";
import { type FramedWriter, ScratchBuffer } from "../scratch-buffer.js";
import type { ValueEncoder } from "../value-encoder.js";
import { HEADER_SIZE, MAGIC_BYTE } from "../wire-format.js";
import { AvroWriterSchemas, type WriterSchema } from "./avro-writer-schema.js";
import { type AvroEncode, compiledAvroWriter } from "./compiled-avro-writer.js";
import { invalidFields } from "./invalid-fields.js";

/** Options of an Avro serializer: those of every serializer (see SerializerOptions). */
export type AvroSerializerOptions = SerializerOptions;

/** What prepare() settled for a topic. */
export interface PreparedSchema {
  readonly topic: string;
  readonly subject: string;
  readonly schemaId: number;
}

interface PreparedWriter extends WriterSchema {
  readonly topic: string;
  /** The writer Type's compiled encoder, or avsc's own where the schema is not compiled. */
  readonly encode: AvroEncode;
}

/**
 * Serializes records of one Avro type in the Confluent wire format. prepare() is async and memoised
 * per topic (registry work); encoding after it is synchronous and reuses one scratch buffer.
 */
export class AvroSerializer<T, I = T> {
  readonly type: AvroRecordDesc<T, I>;
  readonly #topics: PreparedTopics<PreparedWriter>;
  readonly #encodeValue = (prepared: PreparedWriter, value: T | I): Buffer => this.#encode(prepared, value);
  readonly #scratch = new ScratchBuffer();
  readonly #writeFramed: FramedWriter<PreparedWriter> = (prepared, value, target, offset) =>
    this.#encodeInto(prepared, value, target, offset);
  readonly #isInstance: ((value: unknown) => value is T) | undefined;

  /** Bytes of scratch buffer this serializer holds between records (at most 1 MiB after any record). */
  get scratchBytes(): number {
    return this.#scratch.byteLength;
  }

  constructor(type: AvroRecordDesc<T, I>, options: AvroSerializerOptions) {
    this.type = type;
    this.#isInstance = type.isInstance;
    const writerSchemas = new AvroWriterSchemas(type, resolveSerializerOptions(options));
    this.#topics = new PreparedTopics((topic) =>
      writerSchemas.forTopic(topic).then((writer) => ({ topic, ...writer, encode: encoderOf(writer.writerType) })),
    );
  }

  /** Settles subject and schema id for a topic; concurrent calls share one registry round trip. */
  async prepare(topic: string): Promise<PreparedSchema> {
    return publicView(await this.#topics.prepare(topic));
  }

  /** What prepare(topic) settled, once it has; undefined before. */
  prepared(topic: string): PreparedSchema | undefined {
    const done = this.#topics.get(topic);
    return done === undefined ? undefined : publicView(done);
  }

  /** prepare() then encode. Once prepared, no async function runs: the hot path stays a plain call. */
  serialize(topic: string, value: T | I): Promise<Buffer> {
    return this.#topics.serialize(topic, value, this.#encodeValue);
  }

  /** Encodes synchronously; throws SchemaNotPreparedError unless prepare(topic) has resolved. */
  serializeSync(topic: string, value: T | I): Buffer {
    return this.#topics.serializeSync(topic, this.type.name, value, this.#encodeValue);
  }

  /**
   * The topic's encoder, which writes framed records straight into a buffer of the caller's (an open
   * record batch); throws SchemaNotPreparedError unless prepare(topic) has resolved.
   */
  encoder(topic: string): ValueEncoder {
    const prepared = this.#topics.get(topic);
    if (prepared === undefined) throw new SchemaNotPreparedError(topic, this.type.name);
    return {
      schemaId: prepared.schemaId,
      encodeInto: (value, target, offset) => this.#encodeInto(prepared, value, target, offset),
    };
  }

  // avsc's toBuffer would allocate and zero a buffer per record, then framing would copy again.
  #encode(prepared: PreparedWriter, value: unknown): Buffer {
    return this.#scratch.copyOut(prepared, value, this.#writeFramed);
  }

  #encodeInto(prepared: PreparedWriter, given: unknown, target: Buffer, offset: number): number {
    let value = given;
    let end: number;
    try {
      // A generated class's records are written from its instances; a plain Init object is built first.
      if (this.#isInstance !== undefined && !this.#isInstance(value)) value = this.type.create(value as I);
      end = prepared.encode(value, target, offset + HEADER_SIZE);
    } catch (error) {
      throw this.#invalid(prepared, value, error);
    }
    if (end < 0) return end;
    target[offset] = MAGIC_BYTE;
    target.writeInt32BE(prepared.schemaId, offset + 1);
    return end;
  }

  // Rich context is computed only after a failure: the hot path never pays for it. Never throws.
  #invalid(prepared: PreparedWriter, value: unknown, cause: unknown): SerializationError {
    const fields = invalidFields(prepared.writerType, value);
    const context = {
      topic: prepared.topic,
      subject: prepared.subject,
      recordName: this.type.name,
      schemaId: prepared.schemaId,
    };
    return new SerializationError(
      context,
      fields.length > 0 ? fields : [{ path: [], expected: this.type.name, actual: describeCause(cause) }],
      { cause },
    );
  }
}

// What avsc (or a record class's constructor) said, for a failure no field explains.
function describeCause(cause: unknown): string {
  try {
    return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  } catch {
    return "an error that cannot be described";
  }
}

function encoderOf(writerType: avsc.Type): AvroEncode {
  return compiledAvroWriter(writerType) ?? ((value, target, offset) => writerType.encode(value, target, offset));
}

function publicView({ topic, subject, schemaId }: PreparedWriter): PreparedSchema {
  return { topic, subject, schemaId };
}
