import { SdkError, type SdkErrorOptions } from "./sdk-error.js";

/** Where a broker exchange failed: the broker's address and the Kafka API called. */
export interface BrokerErrorContext {
  /** "host:port", or undefined before a broker was chosen. */
  readonly broker: string | undefined;
  /** The Kafka API, e.g. "Produce", "Metadata", "SaslAuthenticate". */
  readonly api: string;
}

/**
 * A broker answered with a Kafka error code, or the connection to it failed, timed out or closed.
 * `kafkaErrorCode`/`kafkaErrorName` are the protocol's (e.g. 6, "NOT_LEADER_OR_FOLLOWER"); both are
 * undefined for a connection failure. `retriable` follows Java's client for the same error.
 */
export class BrokerError extends SdkError {
  override readonly name = "BrokerError";
  readonly code = "BROKER_ERROR";
  readonly broker: string | undefined;
  readonly api: string;

  constructor(
    context: BrokerErrorContext,
    readonly kafkaErrorCode: number | undefined,
    readonly kafkaErrorName: string | undefined,
    detail: string,
    options?: SdkErrorOptions,
  ) {
    super(`${context.api} to broker ${context.broker ?? "(none)"}: ${detail}`, options);
    this.broker = context.broker;
    this.api = context.api;
  }
}

/** Bytes from a broker that do not parse as the Kafka protocol (truncated, a length past the end, ...). */
export class KafkaProtocolError extends SdkError {
  override readonly name = "KafkaProtocolError";
  readonly code = "KAFKA_PROTOCOL_INVALID";

  constructor(
    /** What was being read, e.g. "Metadata response topics[2].name". */
    readonly field: string,
    detail: string,
    options?: SdkErrorOptions,
  ) {
    super(`malformed Kafka protocol bytes at ${field}: ${detail}`, options);
  }
}
