import { ProtocolReader } from "../protocol/reader.js";

/** One record read back out of an uncompressed RecordBatch v2 records section. */
export interface DecodedRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, Buffer> | undefined;
  readonly timestamp: number;
}

const WHAT = "record batch being split";

/**
 * The records of a batch section we encoded ourselves, in order (views of `section`, no copies): what
 * splitting a batch the broker refused as too large needs. Read with the protocol reader, so every length
 * is checked against its record's bounds and a damaged section fails with a KafkaProtocolError.
 */
export function decodeRecords(section: Buffer, count: number, baseTimestamp: number): DecodedRecord[] {
  const records: DecodedRecord[] = [];
  const batch = new ProtocolReader(section, WHAT);
  for (let index = 0; index < count; index += 1) {
    const length = batch.varint("record length");
    if (length < 0) batch.fail("record length", `${length}`);
    const record = new ProtocolReader(batch.rawBytes(length, "record"), WHAT);
    record.int8("record attributes");
    const timestampDelta = record.varint("timestamp delta");
    record.varint("offset delta"); // renumbered by the new batch
    const key = varintBytes(record, "key");
    const value = varintBytes(record, "value");
    const headerCount = record.varint("header count");
    let headers: Record<string, Buffer> | undefined;
    for (let header = 0; header < headerCount; header += 1) {
      const name = varintBytes(record, "header name") ?? Buffer.alloc(0);
      headers ??= {};
      headers[name.toString("utf8")] = varintBytes(record, "header value") ?? Buffer.alloc(0);
    }
    records.push({ key, value, headers, timestamp: baseTimestamp + timestampDelta });
  }
  return records;
}

// A record's bytes field: a zig-zag varint length (-1 for null), then the bytes.
function varintBytes(reader: ProtocolReader, field: string): Buffer | null {
  const length = reader.varint(`${field} length`);
  if (length < -1) reader.fail(`${field} length`, `${length}`);
  return length === -1 ? null : reader.rawBytes(length, field);
}
