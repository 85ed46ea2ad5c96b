import { create, toBinary, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { ConfigError, SchemaNotPreparedError, SerializationError } from "../../errors/index.js";
import type { ProtobufMessageDesc } from "../../schema/index.js";
import { resolveSerializerOptions, type ResolvedSerializerOptions, type SerializerOptions } from "../serde-options.js";
import { HEADER_SIZE, messageIndexesSize, writeHeader } from "../wire-format.js";
import { resolveReferences } from "./protobuf-references.js";
import { compiledMessage } from "./protobuf-schemas.js";

/** Options of a Protobuf serializer: those of every serializer (see SerializerOptions). */
export type ProtobufSerializerOptions = SerializerOptions;

/** What prepare() settled for a topic. */
export interface PreparedProtobufSchema {
  readonly topic: string;
  readonly subject: string;
  readonly schemaId: number;
}

/**
 * Serializes messages of one Protobuf type in the Confluent wire format: 0x00, schema id, the message
 * indexes, then the Protobuf binary. prepare() is async and memoised per topic (registry work); encoding
 * after it is synchronous.
 */
export class ProtobufSerializer<T, I = T> {
  readonly type: ProtobufMessageDesc<T, I>;
  readonly #options: ResolvedSerializerOptions;
  readonly #message: DescMessage;
  readonly #indexesSize: number;
  readonly #pending = new Map<string, Promise<PreparedProtobufSchema>>();
  readonly #prepared = new Map<string, PreparedProtobufSchema>();

  constructor(type: ProtobufMessageDesc<T, I>, options: ProtobufSerializerOptions) {
    this.type = type;
    this.#options = resolveSerializerOptions(options);
    if (this.#options.selection.kind === "latest" && this.#options.selection.strict) {
      throw new ConfigError("latestCompatibilityStrict", "false for Protobuf (not checked yet)", true);
    }
    this.#message = compiledMessage(type);
    this.#indexesSize = messageIndexesSize(type.messageIndexes);
  }

  /** Settles subject and schema id for a topic; concurrent calls share one registry round trip. */
  prepare(topic: string): Promise<PreparedProtobufSchema> {
    const done = this.#prepared.get(topic);
    if (done !== undefined) return Promise.resolve(done);
    let pending = this.#pending.get(topic);
    if (pending === undefined) {
      pending = this.#settle(topic).then(
        (prepared) => {
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
    return pending;
  }

  /** prepare() then encode. */
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

  async #settle(topic: string): Promise<PreparedProtobufSchema> {
    const { registry, selection, isKey } = this.#options;
    const subject = this.#options.subjectName(topic, isKey, this.type.name);
    switch (selection.kind) {
      case "register":
      case "lookup": {
        const register = selection.kind === "register";
        const references = await resolveReferences(registry, this.type.file, register, selection.normalize);
        const schema = { schema: this.type.file.schema, schemaType: "PROTOBUF" as const, references };
        const options = selection.normalize ? { normalize: true } : {};
        const schemaId = register
          ? await registry.register(subject, schema, options)
          : (await registry.lookup(subject, schema, options)).id;
        return { topic, subject, schemaId };
      }
      case "latest": {
        const latest = await registry.getVersion(subject, "latest");
        if (latest.schemaType !== "PROTOBUF") {
          throw new ConfigError(
            "useLatest",
            `a Protobuf schema as the latest version of "${subject}"`,
            latest.schemaType,
          );
        }
        return { topic, subject, schemaId: latest.id };
      }
      case "pinned": {
        const stored = await registry.getById(selection.schemaId);
        if (stored.schemaType !== "PROTOBUF") {
          throw new ConfigError(
            "schemaId",
            "the id of a Protobuf schema",
            `${stored.schemaType} schema id ${stored.id}`,
          );
        }
        return { topic, subject, schemaId: selection.schemaId };
      }
    }
  }

  // Correct first: @bufbuild/protobuf (conformant) encodes; a generated encoder comes later.
  #encode(prepared: PreparedProtobufSchema, value: unknown): Buffer {
    let payload: Uint8Array;
    try {
      const init = value as MessageInitShape<DescMessage>;
      payload = toBinary(this.#message, create(this.#message, init));
    } catch (error) {
      const context = {
        topic: prepared.topic,
        subject: prepared.subject,
        recordName: this.type.name,
        schemaId: prepared.schemaId,
      };
      throw new SerializationError(context, [{ path: [], expected: this.type.name, actual: String(error) }], {
        cause: error,
      });
    }
    const start = HEADER_SIZE + this.#indexesSize;
    const framed = Buffer.allocUnsafe(start + payload.length);
    writeHeader(framed, prepared.schemaId, this.type.messageIndexes);
    framed.set(payload, start);
    return framed;
  }
}
