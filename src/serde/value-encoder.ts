/**
 * Writes framed records (Confluent header and payload) straight into a buffer someone else owns, such as
 * an open record batch: no Buffer per record. What a prepared serializer hands the producer.
 */
export interface ValueEncoder {
  /** The schema id written into each record's header. */
  readonly schemaId: number;
  /**
   * Writes `value` framed at `offset` of `target`; returns the offset after it, or a negative number when
   * `target` had no room (nothing after `offset` may be relied on then: call again with a bigger buffer).
   * Throws SerializationError (topic, subject, field paths) for a value the schema does not accept.
   */
  encodeInto(value: unknown, target: Buffer, offset: number): number;
}
