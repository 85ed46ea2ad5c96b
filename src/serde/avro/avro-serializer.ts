import { SchemaNotPreparedError, SerializationError } from "../../errors/index.js";
import type { AvroRecordDesc } from "../../schema/index.js";
import { resolveSerializerOptions, type SerializerOptions } from "../serde-options.js";
import { HEADER_SIZE, writeHeader } from "../wire-format.js";
import { AvroWriterSchemas, type WriterSchema } from "./avro-writer-schema.js";
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
}

// Big enough for most records on the first try; grows for larger ones, and stays grown up to 1 MiB. A
// bigger scratch (one 20 MiB record) is let go after its record, or every serializer would pin it for good.
const INITIAL_SCRATCH_BYTES = 16 * 1024;
const MAX_KEPT_SCRATCH_BYTES = 1024 * 1024;

/**
 * Serializes records of one Avro type in the Confluent wire format. prepare() is async and memoised
 * per topic (registry work); encoding after it is synchronous and reuses one scratch buffer.
 */
export class AvroSerializer<T, I = T> {
  readonly type: AvroRecordDesc<T, I>;
  readonly #writerSchemas: AvroWriterSchemas;
  readonly #pending = new Map<string, Promise<PreparedWriter>>();
  readonly #prepared = new Map<string, PreparedWriter>();
  #scratch = Buffer.allocUnsafe(INITIAL_SCRATCH_BYTES);
  readonly #isInstance: ((value: unknown) => value is T) | undefined;

  /** Bytes of scratch buffer this serializer holds between records (at most 1 MiB after any record). */
  get scratchBytes(): number {
    return this.#scratch.length;
  }

  constructor(type: AvroRecordDesc<T, I>, options: AvroSerializerOptions) {
    this.type = type;
    this.#isInstance = type.isInstance;
    this.#writerSchemas = new AvroWriterSchemas(type, resolveSerializerOptions(options));
  }

  /** Settles subject and schema id for a topic; concurrent calls share one registry round trip. */
  async prepare(topic: string): Promise<PreparedSchema> {
    const done = this.#prepared.get(topic);
    if (done !== undefined) return publicView(done);
    let pending = this.#pending.get(topic);
    if (pending === undefined) {
      pending = this.#writerSchemas.forTopic(topic).then(
        (writer) => {
          const prepared = { topic, ...writer };
          this.#prepared.set(topic, prepared);
          this.#pending.delete(topic);
          return prepared;
        },
        (error: unknown) => {
          // Not remembered: a later call retries (the registry may be back).
          this.#pending.delete(topic);
          throw error;
        },
      );
      this.#pending.set(topic, pending);
    }
    return publicView(await pending);
  }

  /** What prepare(topic) settled, once it has; undefined before. */
  prepared(topic: string): PreparedSchema | undefined {
    const done = this.#prepared.get(topic);
    return done === undefined ? undefined : publicView(done);
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

  // Encode into the scratch buffer after the header's 5 bytes, then one exact-size copy out: avsc's
  // toBuffer would allocate and zero a buffer per record, then framing would copy again.
  #encode(prepared: PreparedWriter, given: unknown): Buffer {
    let end: number;
    let value = given;
    try {
      // A generated class's records are written from its instances; a plain Init object is built first.
      if (this.#isInstance !== undefined && !this.#isInstance(value)) value = this.type.create(value as I);
      end = prepared.writerType.encode(value, this.#scratch, HEADER_SIZE);
      if (end < 0) {
        // avsc answers minus the bytes that did not fit; grow once to fit, with room to spare.
        this.#scratch = Buffer.allocUnsafe(2 * (this.#scratch.length - end));
        end = prepared.writerType.encode(value, this.#scratch, HEADER_SIZE);
      }
    } catch (error) {
      throw this.#invalid(prepared, value, error);
    }
    writeHeader(this.#scratch, prepared.schemaId);
    const framed = Buffer.allocUnsafe(end);
    this.#scratch.copy(framed, 0, 0, end);
    if (this.#scratch.length > MAX_KEPT_SCRATCH_BYTES) this.#scratch = Buffer.allocUnsafe(INITIAL_SCRATCH_BYTES);
    return framed;
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

function publicView({ topic, subject, schemaId }: PreparedWriter): PreparedSchema {
  return { topic, subject, schemaId };
}
