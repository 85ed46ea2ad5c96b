import type { ValueEncoder } from "../../../../../src/serde/value-encoder.js";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";
import { crc32c } from "@node-rs/crc32";
import { describe, expect, it } from "vitest";
import { LZ4_CODEC, SNAPPY_CODEC, ZSTD_CODEC } from "../../../../../src/producer/transport/compression-codecs.js";
import { RECORDS } from "../../../../../src/producer/transport/wire/record-batch/record-batch-layout.js";
import {
  NO_PRODUCER_STATE,
  RecordBatchBuilder,
  rewriteProducerState,
} from "../../../../../src/producer/transport/wire/record-batch/record-batch-builder.js";

// kafkajs's own RecordBatch v2 encoder (with its pure-JS CRC-32C) is an independent oracle for our bytes.
const require = createRequire(import.meta.url);
type KafkajsEncoder = { buffer: Buffer };
const { RecordBatch: kafkajsRecordBatch } = require("kafkajs/src/protocol/recordBatch/v0") as {
  RecordBatch: (options: object) => Promise<KafkajsEncoder>;
};
const kafkajsRecord = require("kafkajs/src/protocol/recordBatch/record/v0") as (options: object) => KafkajsEncoder;
const Long = require("kafkajs/src/utils/long") as { fromValue(value: string | number): unknown };

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ""), "hex");

function finishSync(builder: RecordBatchBuilder): Buffer {
  const batch = builder.finish({ compression: "none", producer: NO_PRODUCER_STATE });
  if (!(batch instanceof Buffer)) throw new Error("an uncompressed batch is synchronous");
  return batch;
}

describe("RecordBatchBuilder", () => {
  it("writes one record exactly as the RecordBatch v2 layout says (hand-checked bytes)", () => {
    const builder = new RecordBatchBuilder(64);
    builder.append(Buffer.from("k"), Buffer.from("v"), undefined, 1000);
    const batch = finishSync(builder);
    const expected = hex(`
      0000000000000000 0000003a ffffffff 02 ${batch.subarray(17, 21).toString("hex")}
      0000 00000000 00000000000003e8 00000000000003e8 ffffffffffffffff ffff ffffffff 00000001
      10 00 00 00 02 6b 02 76 00`);
    expect(batch.toString("hex")).toBe(expected.toString("hex"));
    // batchLength counts every byte after itself: 70 - 12.
    expect(batch.length).toBe(70);
  });

  it("puts the CRC-32C of attributes..end at byte 17, not of any other range", () => {
    const builder = new RecordBatchBuilder();
    builder.append(null, Buffer.from("value"), { h: "x" }, 1_700_000_000_000);
    const batch = finishSync(builder);
    const stored = batch.readUInt32BE(17);
    expect(stored).toBe(crc32c(batch.subarray(21)));
    expect(stored).not.toBe(crc32c(batch.subarray(12)));
    expect(stored).not.toBe(crc32c(batch.subarray(61)));
  });

  it("writes headers as varint-length key and value, in insertion order", () => {
    const builder = new RecordBatchBuilder();
    builder.append(null, Buffer.alloc(0), { a: "1", bin: Buffer.from([0xff, 0x00]) }, 5);
    const records = finishSync(builder).subarray(61);
    // body: attrs 00, ts 00, offset 00, key null 01, value len 0 00, 2 headers 04,
    // "a" 02 61 "1" 02 31, "bin" 06 62 69 6e, [ff 00] 04 ff 00 -> 17 bytes (varint 22)
    expect(records.toString("hex")).toBe("22000000010004026102310662696e04ff00");
  });

  it("matches kafkajs's encoder byte for byte for a batch of keyed, keyless and header-carrying records", async () => {
    const base = 1_700_000_000_000;
    const input = [
      {
        key: Buffer.from("user:1001"),
        value: Buffer.from("a".repeat(300)),
        headers: { trace: "t-1" },
        timestamp: base,
      },
      { key: null, value: Buffer.from("second"), headers: undefined, timestamp: base - 5 },
      {
        key: Buffer.from("k"),
        value: Buffer.from("é ✓"),
        headers: { a: "1", b: Buffer.from([1, 2, 3]) },
        timestamp: base + 2 ** 33,
      },
    ];
    const builder = new RecordBatchBuilder(8);
    for (const record of input) builder.append(record.key, record.value, record.headers, record.timestamp);
    const producer = { producerId: 4242n, producerEpoch: 3, baseSequence: 17 };
    const ours = builder.finish({ compression: "none", producer }) as Buffer;
    const theirs = await kafkajsRecordBatch({
      firstTimestamp: base,
      maxTimestamp: base + 2 ** 33,
      partitionLeaderEpoch: -1,
      lastOffsetDelta: 2,
      producerId: Long.fromValue(4242),
      producerEpoch: 3,
      firstSequence: 17,
      records: input.map((record, offsetDelta) =>
        kafkajsRecord({
          offsetDelta,
          timestampDelta: record.timestamp - base,
          key: record.key,
          value: record.value,
          headers: record.headers ?? {},
        }),
      ),
    });
    expect(ours.toString("hex")).toBe(theirs.buffer.toString("hex"));
  });

  it.each([
    ["gzip", 1, (records: Buffer) => Promise.resolve(gunzipSync(records))],
    ["snappy", 2, (records: Buffer) => SNAPPY_CODEC.decompress(records)],
    ["lz4", 3, (records: Buffer) => LZ4_CODEC.decompress(records)],
    ["zstd", 4, (records: Buffer) => ZSTD_CODEC.decompress(records)],
  ] as const)(
    "%s sets compression bits %i and compresses only the records, count kept plain",
    async (compression, bits, inflate) => {
      const plain = new RecordBatchBuilder();
      const compressed = new RecordBatchBuilder();
      for (const builder of [plain, compressed])
        for (let i = 0; i < 20; i += 1)
          builder.append(Buffer.from(`k${i}`), Buffer.from("x".repeat(100)), { i: String(i) }, 1000 + i);
      const plainBatch = finishSync(plain);
      const batch = await compressed.finish({ compression, producer: NO_PRODUCER_STATE });
      expect(batch.readInt16BE(21)).toBe(bits);
      expect(batch.readInt32BE(57)).toBe(20);
      expect(batch.readInt32BE(8)).toBe(batch.length - 12);
      expect(batch.readUInt32BE(17)).toBe(crc32c(batch.subarray(21)));
      expect((await inflate(batch.subarray(61))).equals(plainBatch.subarray(61))).toBe(true);
      expect(batch.length).toBeLessThan(plainBatch.length);
    },
  );

  it("sets the LogAppendTime bit (0x08) when asked, and last offset delta, base and max timestamps", () => {
    const builder = new RecordBatchBuilder();
    builder.append(null, Buffer.from("a"), undefined, 2000);
    builder.append(null, Buffer.from("b"), undefined, 1500);
    builder.append(null, Buffer.from("c"), undefined, 2500);
    const batch = builder.finish({ compression: "none", producer: NO_PRODUCER_STATE, logAppendTime: true }) as Buffer;
    expect(batch.readInt16BE(21)).toBe(0x08);
    expect(batch.readInt32BE(23)).toBe(2);
    expect(batch.readBigInt64BE(27)).toBe(2000n);
    expect(batch.readBigInt64BE(35)).toBe(2500n);
    // The first record is 1 + 7 bytes; the second (body 8 bytes: varint 10) has timestamp delta -500,
    // zig-zag 999 = e7 07, then offset delta 1 = 02.
    expect(batch.subarray(69, 74).toString("hex")).toBe("1000e70702");
  });

  it("grows its buffer past the initial capacity without losing bytes", () => {
    const builder = new RecordBatchBuilder(70);
    for (let i = 0; i < 100; i += 1) builder.append(null, Buffer.alloc(1000, i), undefined, i);
    const batch = finishSync(builder);
    expect(builder.count).toBe(100);
    expect(batch.readInt32BE(57)).toBe(100);
    expect(batch.subarray(batch.length - 1001, batch.length - 1).equals(Buffer.alloc(1000, 99))).toBe(true);
  });

  it("rewriteProducerState sets producer id, epoch and base sequence and recomputes the CRC", () => {
    const builder = new RecordBatchBuilder();
    builder.append(null, Buffer.from("v"), undefined, 1);
    const batch = finishSync(builder);
    rewriteProducerState(batch, { producerId: 7n, producerEpoch: 2, baseSequence: 40 });
    expect(batch.subarray(43, 57).toString("hex")).toBe("0000000000000007000200000028");
    expect(batch.readUInt32BE(17)).toBe(crc32c(batch.subarray(21)));
  });

  it("appendWith encodes values straight into the batch, byte for byte what append writes", () => {
    const input = [
      { key: Buffer.from("k1"), value: Buffer.from("short"), headers: { a: "1" }, timestamp: 10 },
      { key: null, value: Buffer.alloc(200, 7), headers: undefined, timestamp: 12 },
      { key: Buffer.from("k3"), value: Buffer.alloc(70_000, 3), headers: { b: Buffer.from([9]) }, timestamp: 11 },
      { key: Buffer.alloc(0), value: Buffer.alloc(0), headers: {}, timestamp: 10 },
    ];
    const appended = new RecordBatchBuilder(64);
    for (const record of input) appended.append(record.key, record.value, record.headers, record.timestamp);
    const written = new RecordBatchBuilder(64);
    let calls = 0;
    // As an encoder writing into a given buffer: -1 when the value does not fit.
    const encoder: ValueEncoder = {
      schemaId: 1,
      encodeInto: (value, target, offset) => {
        const bytes = value as Buffer;
        calls += 1;
        if (offset + bytes.length > target.length) return -1;
        return offset + bytes.copy(target, offset);
      },
    };
    let total = 0;
    for (const record of input) {
      const before = written.sizeInBytes;
      const added = written.appendWith(record.key, record.headers, record.timestamp, encoder, record.value);
      expect(added).toBe(written.sizeInBytes - before);
      total += added;
    }
    expect(calls).toBeGreaterThan(input.length);
    expect(total).toBe(appended.sizeInBytes - RECORDS);
    expect(finishSync(written).toString("hex")).toBe(finishSync(appended).toString("hex"));
  });

  it("removeLast takes the last record out, timestamps included, and a failed encode leaves no trace", () => {
    const expected = new RecordBatchBuilder(64);
    expected.append(Buffer.from("a"), Buffer.from("one"), undefined, 100);
    const builder = new RecordBatchBuilder(64);
    const copying: ValueEncoder = {
      schemaId: 1,
      encodeInto: (value, target, offset) => {
        const bytes = value as Buffer;
        return offset + bytes.length > target.length ? -1 : offset + bytes.copy(target, offset);
      },
    };
    const throwing: ValueEncoder = {
      schemaId: 1,
      encodeInto: () => {
        throw new Error("invalid value");
      },
    };
    builder.appendWith(Buffer.from("a"), undefined, 100, copying, Buffer.from("one"));
    expect(() => builder.appendWith(null, undefined, 999, throwing, undefined)).toThrow("invalid value");
    builder.appendWith(Buffer.from("b"), { h: "x" }, 500, copying, Buffer.alloc(3_000, 1));
    builder.removeLast();
    expect(builder.count).toBe(1);
    expect(() => builder.removeLast()).toThrow("nothing to remove");
    expect(finishSync(builder).toString("hex")).toBe(finishSync(expected).toString("hex"));
  });

  it("splits into halves byte for byte as if built from those records, keys, headers and timestamps kept", () => {
    const input = [
      { key: Buffer.from("k1"), value: Buffer.from("one"), headers: { a: Buffer.from("1") }, timestamp: 1_000 },
      { key: null, value: Buffer.alloc(300, 7), headers: undefined, timestamp: 1_002 },
      { key: Buffer.alloc(0), value: null, headers: { b: Buffer.from([9]), c: Buffer.alloc(0) }, timestamp: 999 },
      { key: Buffer.from("k4"), value: Buffer.alloc(70_000, 3), headers: undefined, timestamp: 5_000 },
      { key: Buffer.from("k5"), value: Buffer.from("five"), headers: undefined, timestamp: 1_001 },
    ];
    const whole = new RecordBatchBuilder(64);
    for (const record of input) whole.append(record.key, record.value, record.headers, record.timestamp);
    finishSync(whole);
    const [first, second] = whole.split();
    const expected = [input.slice(0, 3), input.slice(3)].map((half) => {
      const builder = new RecordBatchBuilder(64);
      for (const record of half) builder.append(record.key, record.value, record.headers, record.timestamp);
      return finishSync(builder).toString("hex");
    });
    expect([finishSync(first).toString("hex"), finishSync(second).toString("hex")]).toEqual(expected);
  });

  it("refuses to finish an empty batch and to append after finishing", () => {
    expect(() => new RecordBatchBuilder().finish({ compression: "none", producer: NO_PRODUCER_STATE })).toThrow(
      /no records/,
    );
    const builder = new RecordBatchBuilder();
    builder.append(null, Buffer.from("v"), undefined, 1);
    finishSync(builder);
    expect(() => builder.append(null, Buffer.from("v"), undefined, 1)).toThrow(/after finish/);
  });
});
