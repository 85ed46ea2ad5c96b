/** A Kafka protocol error code as Java's client treats it. */
export interface KafkaErrorInfo {
  readonly name: string;
  /** Java's exception for it is a RetriableException. */
  readonly retriable: boolean;
  /** Java's exception for it is an InvalidMetadataException: the leader moved, refresh metadata. */
  readonly refreshMetadata: boolean;
}

// The codes a producer can meet, with Java's classification (org.apache.kafka.common.protocol.Errors).
const TABLE: Readonly<Record<number, readonly [string, boolean, boolean]>> = {
  [-1]: ["UNKNOWN_SERVER_ERROR", false, false],
  1: ["OFFSET_OUT_OF_RANGE", false, false],
  2: ["CORRUPT_MESSAGE", true, false],
  3: ["UNKNOWN_TOPIC_OR_PARTITION", true, true],
  4: ["INVALID_FETCH_SIZE", false, false],
  5: ["LEADER_NOT_AVAILABLE", true, true],
  6: ["NOT_LEADER_OR_FOLLOWER", true, true],
  7: ["REQUEST_TIMED_OUT", true, false],
  8: ["BROKER_NOT_AVAILABLE", false, false],
  9: ["REPLICA_NOT_AVAILABLE", true, true],
  10: ["MESSAGE_TOO_LARGE", false, false],
  13: ["NETWORK_EXCEPTION", true, true],
  14: ["COORDINATOR_LOAD_IN_PROGRESS", true, false],
  15: ["COORDINATOR_NOT_AVAILABLE", true, false],
  16: ["NOT_COORDINATOR", true, false],
  17: ["INVALID_TOPIC_EXCEPTION", false, false],
  18: ["RECORD_LIST_TOO_LARGE", false, false],
  19: ["NOT_ENOUGH_REPLICAS", true, false],
  20: ["NOT_ENOUGH_REPLICAS_AFTER_APPEND", true, false],
  21: ["INVALID_REQUIRED_ACKS", false, false],
  29: ["TOPIC_AUTHORIZATION_FAILED", false, false],
  31: ["CLUSTER_AUTHORIZATION_FAILED", false, false],
  32: ["INVALID_TIMESTAMP", false, false],
  33: ["UNSUPPORTED_SASL_MECHANISM", false, false],
  34: ["ILLEGAL_SASL_STATE", false, false],
  35: ["UNSUPPORTED_VERSION", false, false],
  41: ["NOT_CONTROLLER", true, false],
  42: ["INVALID_REQUEST", false, false],
  43: ["UNSUPPORTED_FOR_MESSAGE_FORMAT", false, false],
  45: ["OUT_OF_ORDER_SEQUENCE_NUMBER", false, false],
  46: ["DUPLICATE_SEQUENCE_NUMBER", false, false],
  47: ["INVALID_PRODUCER_EPOCH", false, false],
  49: ["INVALID_PRODUCER_ID_MAPPING", false, false],
  51: ["CONCURRENT_TRANSACTIONS", true, false],
  53: ["TRANSACTIONAL_ID_AUTHORIZATION_FAILED", false, false],
  56: ["KAFKA_STORAGE_ERROR", true, true],
  58: ["SASL_AUTHENTICATION_FAILED", false, false],
  59: ["UNKNOWN_PRODUCER_ID", false, false],
  72: ["LISTENER_NOT_FOUND", true, true],
  74: ["FENCED_LEADER_EPOCH", true, true],
  75: ["UNKNOWN_LEADER_EPOCH", true, true],
  87: ["INVALID_RECORD", false, false],
  89: ["THROTTLING_QUOTA_EXCEEDED", true, false],
  90: ["PRODUCER_FENCED", false, false],
};

export const UNKNOWN_TOPIC_OR_PARTITION = 3;
export const LEADER_NOT_AVAILABLE = 5;
export const MESSAGE_TOO_LARGE = 10;
export const UNSUPPORTED_VERSION = 35;
export const OUT_OF_ORDER_SEQUENCE_NUMBER = 45;
export const DUPLICATE_SEQUENCE_NUMBER = 46;
export const INVALID_PRODUCER_EPOCH = 47;
export const UNKNOWN_PRODUCER_ID = 59;
export const PRODUCER_FENCED = 90;

/** Name and Java's classification of a code; codes outside the table are unknown and not retriable. */
export function kafkaError(code: number): KafkaErrorInfo {
  const entry = TABLE[code];
  if (entry === undefined) return { name: `KAFKA_ERROR_${code}`, retriable: false, refreshMetadata: false };
  return { name: entry[0], retriable: entry[1], refreshMetadata: entry[2] };
}
