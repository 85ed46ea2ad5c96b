import { SdkError, type SdkErrorOptions } from "./sdk-error.js";

/**
 * A batch of records was not acknowledged: every record of the batch rejects with this, and only they.
 * Also what a send rejects with when the topic's metadata cannot be read (partition undefined then).
 */
export class ProduceError extends SdkError {
  override readonly name = "ProduceError";
  readonly code = "PRODUCE_FAILED";

  constructor(
    readonly topic: string,
    readonly partition: number | undefined,
    /** Records in the failed batch (each of them rejects with this error). */
    readonly recordCount: number,
    detail: string,
    options?: SdkErrorOptions,
  ) {
    const where = partition === undefined ? "" : ` partition ${partition}`;
    super(
      `produce to topic "${topic}"${where} (${recordCount} record${recordCount === 1 ? "" : "s"}): ${detail}`,
      options,
    );
  }
}

/** `send` waited `maxBlockMs` for buffer memory (records awaiting acknowledgement) and none was freed. */
export class BufferFullError extends SdkError {
  override readonly name = "BufferFullError";
  readonly code = "BUFFER_FULL";

  constructor(
    readonly topic: string,
    readonly bufferMemoryBytes: number,
    readonly maxBlockMs: number,
    /** Undefined for a send that gave up before its record was built (sends queued behind it wait first). */
    readonly recordBytes: number | undefined,
  ) {
    const what = recordBytes === undefined ? "the record" : `${recordBytes} bytes`;
    super(
      `send to topic "${topic}": buffer full: ${what} did not fit in bufferMemoryBytes ${bufferMemoryBytes} ` +
        `within maxBlockMs ${maxBlockMs}`,
      { retriable: true },
    );
  }
}

/** `send` after `close()` began. */
export class ProducerClosedError extends SdkError {
  override readonly name = "ProducerClosedError";
  readonly code = "PRODUCER_CLOSED";

  constructor(readonly topic: string) {
    super(`send to topic "${topic}": the producer is closed`);
  }
}

/** A partition outside the topic's partitions (explicit, or answered by a custom partitioner). */
export class PartitionError extends SdkError {
  override readonly name = "PartitionError";
  readonly code = "PARTITION_UNAVAILABLE";

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly partitionCount: number,
    detail = `partition ${partition} is not one of its ${partitionCount} partitions (0..${partitionCount - 1})`,
  ) {
    super(`send to topic "${topic}": ${detail}`);
  }
}

/** One record larger than `maxRequestSizeBytes` (or the broker's limit): it rejects alone. */
export class RecordTooLargeError extends SdkError {
  override readonly name = "RecordTooLargeError";
  readonly code = "RECORD_TOO_LARGE";

  constructor(
    readonly topic: string,
    readonly subject: string | undefined,
    readonly recordBytes: number,
    readonly maxRequestSizeBytes: number,
  ) {
    super(
      `send to topic "${topic}"${subject === undefined ? "" : ` (subject "${subject}")`}: ` +
        `the record is ${recordBytes} bytes, over maxRequestSizeBytes ${maxRequestSizeBytes}`,
    );
  }
}

/**
 * A send's own input is unusable (a header, the timestamp, the key maker's or partitioner's answer): that
 * send rejects alone, before anything of it reaches a batch. `field` names the input ("headers.trace-id",
 * "timestamp", "key", "partition").
 */
export class InvalidRecordError extends SdkError {
  override readonly name = "InvalidRecordError";
  readonly code = "RECORD_INVALID";

  constructor(
    readonly topic: string,
    readonly subject: string | undefined,
    readonly field: string,
    detail: string,
    options?: SdkErrorOptions,
  ) {
    super(
      `send to topic "${topic}"${subject === undefined ? "" : ` (subject "${subject}")`}: ${field}: ${detail}`,
      options,
    );
  }
}
