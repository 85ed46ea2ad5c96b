import { ConfigError, SerializationError } from "../../errors/index.js";
import type { BoundRecordClass, TopicKey } from "../topic-binding.js";
import type { RecordSerializer } from "../../serde/index.js";

/** How a topic's keys become bytes once prepared: UTF-8 text, raw bytes, or a schema'd key record. */
export type KeyKind = TopicKey<unknown> | undefined;

/**
 * Turns a key into the bytes Kafka stores and the partitioner hashes: a string as UTF-8, a Buffer or
 * Uint8Array as it is, a key record through its serializer (subject `<topic>-key`, framing included, as
 * Java's serializer would write it), null as no key.
 */
export function encodeKey(
  topic: string,
  key: unknown,
  kind: KeyKind,
  keySerializer: RecordSerializer<unknown, never> | undefined,
): Buffer | null {
  if (key === null || key === undefined) return null;
  if (keySerializer !== undefined) return keySerializer.serializeSync(topic, key as never);
  if (typeof key === "string" && kind !== "bytes") return Buffer.from(key, "utf8");
  if (Buffer.isBuffer(key)) return key;
  if (key instanceof Uint8Array) return Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  const expected = kind === "bytes" ? "a Buffer" : "a string or a Buffer";
  throw new SerializationError({ topic, subject: `${topic}-key`, recordName: kind === "bytes" ? "bytes" : "string" }, [
    { path: [], expected, actual: key === null ? "null" : typeof key },
  ]);
}

/** The key record class of a binding, if its keys are records. */
export function keyRecordClass(kind: KeyKind): BoundRecordClass<unknown, never> | undefined {
  if (kind === undefined || kind === "string" || kind === "bytes") return undefined;
  if (typeof kind === "function" && typeof (kind as { schema?: unknown }).schema === "object") return kind;
  throw new ConfigError("key", '"string", "bytes" or a generated record class', kind);
}
