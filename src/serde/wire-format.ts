import { WireFormatError } from "../errors/index.js";
import { readZigZagVarint, writeZigZagVarint, zigZagVarintSize } from "./zigzag-varint.js";

// Confluent's framing (SchemaId.java, MessageIndexes.java in confluentinc/schema-registry):
// 0x00 · schema id as int32 big-endian · [Protobuf message indexes] · payload.

export const MAGIC_BYTE = 0x00;
/** Magic byte plus the 4-byte schema id. */
export const HEADER_SIZE = 5;
// CP 8's GUID framing (0x01 + 16-byte GUID); recognised only to say what it is.
const GUID_MAGIC_BYTE = 0x01;

/** The header fields of a framed record. */
export interface WireHeader {
  readonly schemaId: number;
  /** Protobuf only: the message's path in its file; undefined for Avro. */
  readonly messageIndexes: readonly number[] | undefined;
  /** Where the payload starts. */
  readonly payloadOffset: number;
}

/** Bytes the message indexes take: `[0]` is the single byte 0x00, anything else count + each index. */
export function messageIndexesSize(messageIndexes: readonly number[]): number {
  if (isFirstMessage(messageIndexes)) return 1;
  let size = zigZagVarintSize(messageIndexes.length);
  for (const index of messageIndexes) size += zigZagVarintSize(index);
  return size;
}

/**
 * Writes the header (and Protobuf message indexes when given) at the start of `target`, which must have
 * room for it; returns the payload offset.
 */
export function writeHeader(target: Buffer, schemaId: number, messageIndexes?: readonly number[]): number {
  target[0] = MAGIC_BYTE;
  target.writeInt32BE(schemaId, 1);
  if (messageIndexes === undefined) return HEADER_SIZE;
  if (isFirstMessage(messageIndexes)) {
    target[HEADER_SIZE] = 0;
    return HEADER_SIZE + 1;
  }
  let at = writeZigZagVarint(target, HEADER_SIZE, messageIndexes.length);
  for (const index of messageIndexes) at = writeZigZagVarint(target, at, index);
  return at;
}

/** A new buffer holding just the header: for callers that concatenate it with a payload. */
export function encodeHeader(schemaId: number, messageIndexes?: readonly number[]): Buffer {
  const size = HEADER_SIZE + (messageIndexes === undefined ? 0 : messageIndexesSize(messageIndexes));
  const header = Buffer.allocUnsafe(size);
  writeHeader(header, schemaId, messageIndexes);
  return header;
}

/**
 * The schema id of a framed record; throws WireFormatError for anything that is not Confluent's 0x00
 * framing. Allocates nothing: it runs once per record read.
 */
export function readSchemaId(bytes: Uint8Array, topic?: string): number {
  if (bytes.length < HEADER_SIZE || bytes[0] !== MAGIC_BYTE) throw headerError(bytes, topic);
  // Big-endian int32; `| 0` keeps the sign as Java's readInt does.
  return (bytes[1]! << 24) | (bytes[2]! << 16) | (bytes[3]! << 8) | bytes[4]! | 0;
}

/**
 * Reads the header of a framed record; with `withMessageIndexes` also the Protobuf message indexes.
 * Throws WireFormatError for anything that is not Confluent's 0x00 framing.
 */
export function readHeader(
  bytes: Uint8Array,
  options: { withMessageIndexes?: boolean; topic?: string } = {},
): WireHeader {
  const schemaId = readSchemaId(bytes, options.topic);
  if (options.withMessageIndexes !== true) return { schemaId, messageIndexes: undefined, payloadOffset: HEADER_SIZE };
  const fail = (detail: string): never => {
    throw new WireFormatError(options.topic, bytes.length, detail);
  };
  const count = readZigZagVarint(bytes, HEADER_SIZE) ?? fail("truncated message-index count");
  if (count.value === 0) return { schemaId, messageIndexes: [0], payloadOffset: count.next };
  if (count.value < 0 || count.value > bytes.length) fail(`invalid message-index count ${count.value}`);
  const indexes: number[] = [];
  let at = count.next;
  for (let i = 0; i < count.value; i += 1) {
    const index = readZigZagVarint(bytes, at) ?? fail(`truncated message index ${i} of ${count.value}`);
    if (index.value < 0) fail(`negative message index ${index.value}`);
    indexes.push(index.value);
    at = index.next;
  }
  return { schemaId, messageIndexes: indexes, payloadOffset: at };
}

function headerError(bytes: Uint8Array, topic: string | undefined): WireFormatError {
  if (bytes.length < HEADER_SIZE)
    return new WireFormatError(topic, bytes.length, `expected at least ${HEADER_SIZE} header bytes`);
  if (bytes[0] === GUID_MAGIC_BYTE) {
    return new WireFormatError(
      topic,
      bytes.length,
      "magic byte 0x01 is Confluent's schema-GUID framing, which is not supported",
    );
  }
  const magic = (bytes[0] ?? 0).toString(16).padStart(2, "0");
  return new WireFormatError(topic, bytes.length, `unknown magic byte 0x${magic} (expected 0x00)`);
}

function isFirstMessage(messageIndexes: readonly number[]): boolean {
  return messageIndexes.length === 1 && messageIndexes[0] === 0;
}
