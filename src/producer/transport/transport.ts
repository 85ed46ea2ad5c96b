/** One record as the transport sends it: serialized, partition chosen. */
export interface TransportRecord {
  readonly key: Buffer | null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, Buffer | string>> | undefined;
  /** Create time, epoch milliseconds. */
  readonly timestamp: number;
}

/** A batch of records of one topic-partition, sent as one produce request (in order). */
export interface TransportBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly TransportRecord[];
}

/** What the broker answered for a batch; offsets of its records are baseOffset + index. */
export interface TransportAck {
  /** The first record's offset (decimal int64); "-1" when acks is 0. */
  readonly baseOffset: string;
  /** The broker's log-append time when the topic uses LogAppendTime, else -1. */
  readonly logAppendTime: number;
}

/**
 * The producer's view of Kafka: connect, partition counts, send one partition's batch, disconnect. The
 * kafkajs implementation is the only code that imports kafkajs; tests use a fake.
 */
export interface Transport {
  connect(): Promise<void>;
  /** The topic's partition count, from fresh metadata. */
  partitionCount(topic: string): Promise<number>;
  /** Sends one batch; rejects with the cause when the broker does not acknowledge it after retries. */
  send(batch: TransportBatch): Promise<TransportAck>;
  disconnect(): Promise<void>;
}
