import { create, toBinary, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { ConfigError, SchemaNotPreparedError, SerializationError } from "../../errors/index.js";
import type { ProtobufMessageDesc } from "../../schema/index.js";
import { PreparedTopics } from "../prepared-topics.js";
import { resolveSerializerOptions, type ResolvedSerializerOptions, type SerializerOptions } from "../serde-options.js";
import { type FramedWriter, INITIAL_SCRATCH_BYTES, ScratchBuffer } from "../scratch-buffer.js";
import type { ValueEncoder } from "../value-encoder.js";
import { encodeHeader, HEADER_SIZE, messageIndexesSize, writeHeader } from "../wire-format.js";
import { type Cursor, NoRoom } from "./binary-writer.js";
import type { SchemaLockfile } from "../../registry/index.js";
import { compileMessageEncoder, type MessageEncoder } from "./message-encoder.js";
import { fingerprintedTexts, protobufFingerprint } from "./protobuf-fingerprint.js";
import { resolveReferences } from "./protobuf-references.js";
import { compiledMessage } from "./protobuf-schemas.js";
import { restoreUnknownFields } from "./unknown-fields.js";

const EMPTY = Buffer.alloc(0);

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
  // The compiled encoder; undefined for the messages it does not cover (see message-encoder.ts).
  readonly #fast: MessageEncoder | undefined;
  readonly #cursor: Cursor = { buf: Buffer.alloc(0), pos: 0, end: 0 };
  readonly #scratch = new ScratchBuffer();
  readonly #writeFramed: FramedWriter<PreparedProtobufSchema> = (prepared, value, target, offset) =>
    this.#encodeInto(prepared, value, target, offset);
  // Each prepared topic's frame header (magic byte, id, message indexes), written once.
  readonly #headers = new WeakMap<PreparedProtobufSchema, Buffer>();
  readonly #topics = new PreparedTopics((topic) => this.#settle(topic));
  #fingerprint: string | undefined;
  readonly #encodeValue = (prepared: PreparedProtobufSchema, value: T | I): Buffer => this.#encode(prepared, value);

  constructor(type: ProtobufMessageDesc<T, I>, options: ProtobufSerializerOptions) {
    this.type = type;
    this.#options = resolveSerializerOptions(options);
    if (this.#options.selection.kind === "latest" && this.#options.selection.strict) {
      throw new ConfigError("latestCompatibilityStrict", "false for Protobuf (not checked yet)", true);
    }
    this.#message = compiledMessage(type);
    this.#indexesSize = messageIndexesSize(type.messageIndexes);
    this.#fast = compileMessageEncoder(this.#message);
  }

  /** Settles subject and schema id for a topic; concurrent calls share one registry round trip. */
  prepare(topic: string): Promise<PreparedProtobufSchema> {
    return this.#topics.prepare(topic);
  }

  /** prepare() then encode. */
  serialize(topic: string, value: T | I): Promise<Buffer> {
    return this.#topics.serialize(topic, value, this.#encodeValue);
  }

  /** Encodes synchronously; throws SchemaNotPreparedError unless prepare(topic) has resolved. */
  serializeSync(topic: string, value: T | I): Buffer {
    return this.#topics.serializeSync(topic, this.type.name, value, this.#encodeValue);
  }

  /**
   * The topic's encoder for the producer's batches: the compiled encoder writes in place; messages it does
   * not cover are encoded by @bufbuild/protobuf and copied in. SchemaNotPreparedError unless prepare(topic)
   * has resolved.
   */
  encoder(topic: string): ValueEncoder {
    const prepared = this.#topics.get(topic);
    if (prepared === undefined) throw new SchemaNotPreparedError(topic, this.type.name);
    return {
      schemaId: prepared.schemaId,
      encodeInto: (value, target, offset) => this.#encodeInto(prepared, value, target, offset),
    };
  }

  async #settle(topic: string): Promise<PreparedProtobufSchema> {
    const { registry, selection, isKey } = this.#options;
    const subject = this.#options.subjectName(topic, isKey, this.type.name);
    if (this.#options.lockfile !== undefined) return this.#locked(this.#options.lockfile, topic, subject);
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

  /**
   * The id the lockfile pins for the subject: no registry call. Refused unless the locked schema is this
   * message (or its file, as lockfiles `schemakit pull` wrote before it named messages do) with the
   * fingerprint of this file and its imports, so a lockfile out of step with the code fails at prepare.
   */
  #locked(lockfile: SchemaLockfile, topic: string, subject: string): PreparedProtobufSchema {
    const locked = lockfile.subjects.get(subject);
    if (locked === undefined)
      throw new ConfigError("lockfile", `subject "${subject}" in the lockfile (run schemakit register)`, "not there");
    if (locked.schema !== this.type.name && locked.schema !== this.type.file.path)
      throw new ConfigError("lockfile", `subject "${subject}" locked to ${this.type.name}`, locked.schema);
    this.#fingerprint ??= protobufFingerprint(fingerprintedTexts(this.type.file));
    if (locked.fingerprint !== this.#fingerprint) {
      throw new ConfigError(
        "lockfile",
        `subject "${subject}" locked with fingerprint ${this.#fingerprint}: ` +
          "the schema changed (run schemakit register)",
        locked.fingerprint,
      );
    }
    return { topic, subject, schemaId: locked.schemaId };
  }

  #encode(prepared: PreparedProtobufSchema, value: unknown): Buffer {
    return this.#scratch.copyOut(prepared, value, this.#writeFramed);
  }

  /** Writes the framed message at `offset`; answers its end, or minus the bytes `target` lacks. */
  #encodeInto(prepared: PreparedProtobufSchema, value: unknown, target: Buffer, offset: number): number {
    const start = offset + HEADER_SIZE + this.#indexesSize;
    if (this.#fast !== undefined && start <= target.length) {
      const cursor = this.#cursor;
      cursor.buf = target;
      cursor.pos = start;
      cursor.end = target.length;
      let fits = true;
      try {
        this.#fast(cursor, value);
      } catch (error) {
        // Anything but a full target goes to @bufbuild/protobuf, which encodes what the compiled encoder
        // does not take as is, or throws the typed error it always did.
        if (!(error instanceof NoRoom))
          return this.#copyInto(this.#encodeWithBufbuild(prepared, value), target, offset);
        fits = false;
      } finally {
        cursor.buf = EMPTY;
      }
      if (fits) {
        const header = this.#headerOf(prepared);
        for (let i = 0; i < header.length; i += 1) target[offset + i] = header[i]!;
        return cursor.pos;
      }
      return this.#copyInto(this.#encodeSized(prepared, value, 2 * (target.length - offset)), target, offset);
    }
    return this.#copyInto(this.#encodeWithBufbuild(prepared, value), target, offset);
  }

  #headerOf(prepared: PreparedProtobufSchema): Buffer {
    let header = this.#headers.get(prepared);
    if (header === undefined) {
      header = encodeHeader(prepared.schemaId, this.type.messageIndexes);
      this.#headers.set(prepared, header);
    }
    return header;
  }

  // The compiled encoder into buffers of its own, doubled until the message fits (the target had no room).
  #encodeSized(prepared: PreparedProtobufSchema, value: unknown, size: number): Buffer {
    const encode = this.#fast;
    if (encode === undefined) return this.#encodeWithBufbuild(prepared, value);
    const start = HEADER_SIZE + this.#indexesSize;
    for (let capacity = Math.max(size, INITIAL_SCRATCH_BYTES); ; capacity *= 2) {
      const cursor: Cursor = { buf: Buffer.allocUnsafe(capacity), pos: start, end: capacity };
      try {
        encode(cursor, value);
      } catch (error) {
        if (error instanceof NoRoom) continue;
        return this.#encodeWithBufbuild(prepared, value);
      }
      writeHeader(cursor.buf, prepared.schemaId, this.type.messageIndexes);
      return cursor.buf.subarray(0, cursor.pos);
    }
  }

  #copyInto(framed: Buffer, target: Buffer, offset: number): number {
    const end = offset + framed.length;
    if (end > target.length) return target.length - end;
    framed.copy(target, offset);
    return end;
  }

  // The fallback: @bufbuild/protobuf (conformant) builds the message with create, then toBinary.
  #encodeWithBufbuild(prepared: PreparedProtobufSchema, value: unknown): Buffer {
    let payload: Uint8Array;
    try {
      const message = create(this.#message, value as MessageInitShape<DescMessage>);
      restoreUnknownFields(this.#message, message, value);
      payload = toBinary(this.#message, message);
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
