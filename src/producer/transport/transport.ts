import type { ValueEncoder } from "../../serde/value-encoder.js";

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
  /**
   * When the batch went out in parts (the broker refused it as too large, and it was split): each part's
   * records in order, with their own base offset, or the error of a part that failed while another was
   * stored. Undefined for a batch stored whole.
   */
  readonly segments?: readonly TransportAckSegment[];
}

/** The records of one part of a split batch, as stored, or the error that part failed with. */
export interface TransportAckSegment {
  readonly recordCount: number;
  readonly baseOffset: string;
  readonly logAppendTime: number;
  /** The part was not stored (its own retries ran out): its records fail with this; the others stand. */
  readonly error?: Error;
}

/**
 * The records of one batch as they come in, encoded by the transport's own rules: the producer appends
 * each record once, its value written by the topic's encoder (no Buffer per record where the transport
 * encodes batches itself), and hands the builder back to `send` when the batch closes.
 */
export interface BatchBuilder {
  readonly topic: string;
  readonly partition: number;
  /** Records appended. */
  readonly count: number;
  /** Bytes the batch takes so far: what batch size is measured in. */
  readonly sizeBytes: number;
  /**
   * Appends one record and answers the bytes it added. A throw (the encoder's SerializationError) leaves
   * the batch as it was.
   */
  append(
    key: Buffer | null,
    headers: Readonly<Record<string, Buffer | string>> | undefined,
    timestamp: number,
    encoder: ValueEncoder,
    value: unknown,
  ): number;
  /** Takes the last record back out (it made the batch too big, or the record alone is too large). */
  removeLast(): void;
}

/**
 * One retry of a batch, as the transport decided it: published on the "schemakit:retry" diagnostics channel
 * and counted by `producer.metrics()`.
 */
export interface BatchRetry {
  readonly topic: string;
  readonly partition: number;
  /** Attempts of this batch that failed so far: 1 on its first retry. */
  readonly attempt: number;
  readonly recordCount: number;
  /** The last failed attempt's error, as text only (no stack, no cause, credentials redacted). */
  readonly error: RetryErrorInfo;
  /** How long the transport waits (or waited) before this retry, in milliseconds. */
  readonly backoffMs: number;
}

/** An error described for a retry report. */
export interface RetryErrorInfo {
  /** The error's class name; undefined when the client logged only a message (kafkajs). */
  readonly name: string | undefined;
  /** The Kafka error name when the broker answered one (NOT_ENOUGH_REPLICAS), else schemakit's error code. */
  readonly code: string | undefined;
  readonly message: string;
}

/**
 * The producer's view of Kafka: connect, partition counts, send one partition's batch, disconnect. The
 * kafkajs implementation is the only code that imports kafkajs; tests use a fake.
 */
export interface Transport {
  connect(): Promise<void>;
  /** The topic's partition count, from fresh metadata. */
  partitionCount(topic: string): Promise<number>;
  /**
   * Where a batch's records are encoded as they come; optional. Without it the producer collects them in
   * a RecordList, and `send` gets that (a TransportBatch). `sizeHintBytes`: the most a batch grows to,
   * unless one record alone is bigger.
   */
  createBatch?(topic: string, partition: number, sizeHintBytes: number): BatchBuilder;
  /**
   * Sends one batch (a RecordList, or what createBatch made); rejects with the cause when the broker does
   * not acknowledge it after retries.
   */
  send(batch: TransportBatch | BatchBuilder): Promise<TransportAck>;
  disconnect(): Promise<void>;
}
