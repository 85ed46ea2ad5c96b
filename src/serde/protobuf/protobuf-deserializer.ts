import { fromBinary, type DescMessage } from "@bufbuild/protobuf";
import { SchemaNotPreparedError, WireFormatError } from "../../errors/index.js";
import type { ProtobufMessageDesc } from "../../schema/index.js";
import {
  resolveDeserializerOptions,
  type DeserializerOptions,
  type ResolvedDeserializerOptions,
} from "../serde-options.js";
import { readHeader, readSchemaId } from "../wire-format.js";
import { messageNameAt } from "./message-indexes.js";
import { compiledMessage, decodeFileDescriptor } from "./protobuf-schemas.js";

/** Options of a Protobuf deserializer: those of every deserializer (see DeserializerOptions). */
export type ProtobufDeserializerOptions = DeserializerOptions;

// Per writer schema id: the full names of the messages of the writer's file by index path, or, for a
// schema registered as .proto text (which this reader does not parse), the reader's own path only.
type WriterFile = { readonly nameAt: (indexes: readonly number[]) => string | undefined };

/**
 * Reads Confluent-framed Protobuf messages into the reader's type: checks that the message the indexes
 * name in the writer's schema is the reader's message, then decodes the payload.
 */
export class ProtobufDeserializer<T, I = T> {
  readonly type: ProtobufMessageDesc<T, I>;
  readonly #options: ResolvedDeserializerOptions;
  readonly #message: DescMessage;
  readonly #writers = new Map<number, WriterFile>();
  readonly #pending = new Map<number, Promise<WriterFile>>();

  constructor(type: ProtobufMessageDesc<T, I>, options: ProtobufDeserializerOptions) {
    this.type = type;
    this.#options = resolveDeserializerOptions(options);
    this.#message = compiledMessage(type);
  }

  /** Fetches an unseen writer schema first; otherwise no async function runs. */
  deserialize(topic: string, bytes: Buffer): Promise<T> {
    try {
      const schemaId = readSchemaId(bytes, topic);
      const writer = this.#writers.get(schemaId);
      if (writer === undefined) return this.#fetch(schemaId).then((fetched) => this.#decode(topic, bytes, fetched));
      return Promise.resolve(this.#decode(topic, bytes, writer));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Decodes synchronously; throws SchemaNotPreparedError when the writer id was never seen. */
  deserializeSync(topic: string, bytes: Buffer): T {
    const writer = this.#writers.get(readSchemaId(bytes, topic));
    if (writer === undefined) throw new SchemaNotPreparedError(topic, this.type.name);
    return this.#decode(topic, bytes, writer);
  }

  #decode(topic: string, bytes: Buffer, writer: WriterFile): T {
    const header = readHeader(bytes, { withMessageIndexes: true, topic });
    const indexes = header.messageIndexes ?? [0];
    const writerName = writer.nameAt(indexes);
    if (writerName !== this.type.name) {
      const found = writerName === undefined ? "no message" : `message ${writerName}`;
      throw new WireFormatError(
        topic,
        bytes.length,
        `message indexes [${indexes.join(",")}] name ${found} in the writer's schema, ` +
          `not the reader's ${this.type.name}`,
      );
    }
    let decoded: unknown;
    try {
      decoded = fromBinary(this.#message, bytes.subarray(header.payloadOffset));
    } catch (error) {
      throw new WireFormatError(topic, bytes.length, `invalid ${this.type.name} payload: ${String(error)}`, {
        cause: error,
      });
    }
    return this.type.create(decoded as I);
  }

  #fetch(schemaId: number): Promise<WriterFile> {
    let pending = this.#pending.get(schemaId);
    if (pending === undefined) {
      pending = this.#options.registry.getById(schemaId).then(
        (stored) => {
          this.#pending.delete(schemaId);
          if (stored.schemaType !== "PROTOBUF") {
            throw new WireFormatError(undefined, 0, `schema id ${schemaId} is ${stored.schemaType}, not PROTOBUF`);
          }
          const file = decodeFileDescriptor(stored.schema);
          const own = this.type.messageIndexes.join(",");
          const writer: WriterFile =
            file === undefined
              ? { nameAt: (indexes) => (indexes.join(",") === own ? this.type.name : undefined) }
              : { nameAt: (indexes) => messageNameAt(file, indexes) };
          this.#writers.set(schemaId, writer);
          return writer;
        },
        (error: unknown) => {
          this.#pending.delete(schemaId);
          throw error;
        },
      );
      this.#pending.set(schemaId, pending);
    }
    return pending;
  }
}
