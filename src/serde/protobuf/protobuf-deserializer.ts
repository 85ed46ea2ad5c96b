import { fromBinary, type DescMessage } from "@bufbuild/protobuf";
import { SchemaNotPreparedError, WireFormatError } from "../../errors/index.js";
import { SettledOnce } from "../../internal/settled-once.js";
import type { ProtobufMessageDesc } from "../../schema/index.js";
import {
  resolveDeserializerOptions,
  type DeserializerOptions,
  type ResolvedDeserializerOptions,
} from "../serde-options.js";
import { HEADER_SIZE, readHeader, readSchemaId } from "../wire-format.js";
import { compileMessageDecoder, type MessageDecoder } from "./message-decoder.js";
import { messageNameAt } from "./message-indexes.js";
import { compiledMessage, decodeFileDescriptor } from "./protobuf-schemas.js";

/** Options of a Protobuf deserializer: those of every deserializer (see DeserializerOptions). */
export type ProtobufDeserializerOptions = DeserializerOptions;

// Per writer schema id: the full names of the messages of the writer's file by index path. The writer's
// file is known when its schema is a base64 FileDescriptorProto (Confluent's Python serializer registers
// that) or the reader's own canonical .proto text; other .proto text is not parsed at run time, so only
// the reader's own path is recognised in it.
type WriterFile = {
  readonly nameAt: (indexes: readonly number[]) => string | undefined;
  /** Whether the writer's first message (indexes [0], the usual frame) is the reader's. */
  readonly firstIsReader: boolean;
};

const FIRST_MESSAGE: readonly number[] = [0];

/**
 * Reads Confluent-framed Protobuf messages into the reader's type: checks that the message the indexes
 * name in the writer's schema is the reader's message, then decodes the payload.
 */
export class ProtobufDeserializer<T, I = T> {
  readonly type: ProtobufMessageDesc<T, I>;
  readonly #options: ResolvedDeserializerOptions;
  readonly #message: DescMessage;
  // Reads payloads into the generated class's init; undefined without a class (messages are then
  // fromBinary's objects, proto2 defaults on their prototype) or for a message it does not compile.
  readonly #decoder: MessageDecoder | undefined;
  readonly #writers = new SettledOnce<number, WriterFile>();

  constructor(type: ProtobufMessageDesc<T, I>, options: ProtobufDeserializerOptions) {
    this.type = type;
    this.#options = resolveDeserializerOptions(options);
    this.#message = compiledMessage(type);
    this.#decoder = type.isInstance === undefined ? undefined : compileMessageDecoder(this.#message);
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
    let indexes = FIRST_MESSAGE;
    let payloadOffset = HEADER_SIZE + 1;
    // Indexes [0] are one 0x00 byte: the usual frame skips parsing them and resolving the path per record.
    if (bytes.length <= HEADER_SIZE || bytes[HEADER_SIZE] !== 0 || !writer.firstIsReader) {
      const header = readHeader(bytes, { withMessageIndexes: true, topic });
      indexes = header.messageIndexes ?? FIRST_MESSAGE;
      payloadOffset = header.payloadOffset;
    }
    const writerName = indexes === FIRST_MESSAGE && writer.firstIsReader ? this.type.name : writer.nameAt(indexes);
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
      const decoder = this.#decoder;
      decoded =
        decoder === undefined
          ? fromBinary(this.#message, bytes.subarray(payloadOffset))
          : decoder(bytes, payloadOffset);
    } catch (error) {
      throw new WireFormatError(topic, bytes.length, `invalid ${this.type.name} payload: ${String(error)}`, {
        cause: error,
      });
    }
    return this.type.create(decoded as I);
  }

  // Concurrent first records of one writer id share one fetch; a failed fetch is not remembered.
  #fetch(schemaId: number): Promise<WriterFile> {
    return this.#writers.settle(schemaId, () => this.#fetchWriter(schemaId));
  }

  async #fetchWriter(schemaId: number): Promise<WriterFile> {
    const stored = await this.#options.registry.getById(schemaId);
    if (stored.schemaType !== "PROTOBUF") {
      throw new WireFormatError(undefined, 0, `schema id ${schemaId} is ${stored.schemaType}, not PROTOBUF`);
    }
    const file =
      stored.schema === this.type.file.schema
        ? decodeFileDescriptor(this.type.file.descriptor)
        : decodeFileDescriptor(stored.schema);
    const own = this.type.messageIndexes.join(",");
    const nameAt =
      file === undefined
        ? (indexes: readonly number[]) => (indexes.join(",") === own ? this.type.name : undefined)
        : (indexes: readonly number[]) => messageNameAt(file, indexes);
    return { nameAt, firstIsReader: nameAt(FIRST_MESSAGE) === this.type.name };
  }
}
