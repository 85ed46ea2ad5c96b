import type { ValueEncoder } from "./value-encoder.js";

/** What prepare() settled for a topic: the subject and the schema id the records carry. */
export interface PreparedTopicSchema {
  readonly topic: string;
  readonly subject: string;
  readonly schemaId: number;
}

/**
 * What the producer needs of a value or key serializer, whatever the format: Avro and Protobuf
 * serializers both are one.
 */
export interface RecordSerializer<T, I = T> {
  /** The record's or message's full name. */
  readonly type: { readonly name: string };
  prepare(topic: string): Promise<PreparedTopicSchema>;
  serialize(topic: string, value: T | I): Promise<Buffer>;
  serializeSync(topic: string, value: T | I): Buffer;
  /**
   * The topic's encoder: framed records written straight into a buffer of the caller's (the producer's
   * open record batch). SchemaNotPreparedError unless prepare(topic) has resolved.
   */
  encoder(topic: string): ValueEncoder;
}
