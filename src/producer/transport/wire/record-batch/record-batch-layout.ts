// Byte offsets of RecordBatch v2 (magic 2) header fields, from the Kafka protocol's record batch layout.
export const BASE_OFFSET = 0; // int64
export const BATCH_LENGTH = 8; // int32: bytes after this field
export const PARTITION_LEADER_EPOCH = 12; // int32
export const MAGIC = 16; // int8, 2
export const CRC = 17; // uint32: CRC-32C of everything from ATTRIBUTES to the end
export const ATTRIBUTES = 21; // int16
export const LAST_OFFSET_DELTA = 23; // int32
export const BASE_TIMESTAMP = 27; // int64
export const MAX_TIMESTAMP = 35; // int64
export const PRODUCER_ID = 43; // int64
export const PRODUCER_EPOCH = 51; // int16
export const BASE_SEQUENCE = 53; // int32
export const RECORD_COUNT = 57; // int32
export const RECORDS = 61; // the records, compressed as a whole when attributes say so

export const MAGIC_V2 = 2;

// Attribute bits.
export const COMPRESSION_MASK = 0x07;
export const TIMESTAMP_TYPE_LOG_APPEND = 0x08;
export const TRANSACTIONAL = 0x10;
export const CONTROL = 0x20;

/** The compression attribute value of each codec. */
export const COMPRESSION_ATTRIBUTE = Object.freeze({ none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 });
