/** What a send resolves to once the broker acknowledged the record (acks 1 or all). */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  /**
   * The record's offset in its partition, as Kafka's int64 in decimal (as kafkajs and consumers give it);
   * "-1" with acks 0.
   */
  readonly offset: string;
  /**
   * The record's timestamp in epoch milliseconds: the broker's log-append time if the topic uses it, else
   * the create time sent.
   */
  readonly timestamp: number;
  /** The Schema Registry id of the value's schema. */
  readonly schemaId: number;
}
