import { randomBytes } from "node:crypto";
import { compressSync } from "snappy";
import { describe, expect, it } from "vitest";
import kafkajs from "kafkajs";
import { ConfigError } from "../../../../src/errors/index.js";
import { registerCompressionCodecs } from "../../../../src/producer/index.js";
import { LZ4_CODEC, SNAPPY_CODEC, ZSTD_CODEC } from "../../../../src/producer/transport/compression-codecs.js";

const samples = [
  Buffer.alloc(0),
  Buffer.from([7]),
  Buffer.from("a record, a record, a record ".repeat(200)),
  randomBytes(1 << 20),
];

describe("compression codecs", () => {
  it.each([
    ["snappy", SNAPPY_CODEC],
    ["lz4", LZ4_CODEC],
    ["zstd", ZSTD_CODEC],
  ] as const)("%s round-trips empty, tiny, repetitive and 1 MiB random buffers", async (_name, codec) => {
    for (const sample of samples) {
      const compressed = await codec.compress({ buffer: sample });
      // Buffer.equals: vitest's deep equality walks a 1 MiB buffer byte by byte.
      expect((await codec.decompress(compressed)).equals(sample)).toBe(true);
    }
  });

  it("writes standard frames: LZ4 frame magic 04 22 4D 18, zstd frame magic 28 B5 2F FD", async () => {
    const data = { buffer: Buffer.from("x".repeat(1_000)) };
    expect((await LZ4_CODEC.compress(data)).subarray(0, 4).toString("hex")).toBe("04224d18");
    expect((await ZSTD_CODEC.compress(data)).subarray(0, 4).toString("hex")).toBe("28b52ffd");
  });

  it("reads snappy in xerial's stream framing, as Java producers write it", async () => {
    const parts = [Buffer.from("first chunk, "), Buffer.from("second chunk")];
    const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
    const chunks = parts.map((part) => {
      const block = compressSync(part);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(block.length);
      return Buffer.concat([length, block]);
    });
    expect((await SNAPPY_CODEC.decompress(Buffer.concat([header, ...chunks]))).toString()).toBe(
      "first chunk, second chunk",
    );
  });

  it("registerCompressionCodecs puts them into the kafkajs module given, and refuses anything else", async () => {
    registerCompressionCodecs(kafkajs);
    const { CompressionCodecs, CompressionTypes } = kafkajs;
    expect(CompressionCodecs[CompressionTypes.Snappy]()).toBe(SNAPPY_CODEC);
    expect(CompressionCodecs[CompressionTypes.LZ4]()).toBe(LZ4_CODEC);
    expect(CompressionCodecs[CompressionTypes.ZSTD]()).toBe(ZSTD_CODEC);
    // kafkajs's own gzip stays.
    expect(CompressionCodecs[CompressionTypes.GZIP]()).not.toBe(ZSTD_CODEC);
    const refused = [undefined, null, {}, { CompressionCodecs: {}, CompressionTypes: {} }, kafkajs.CompressionCodecs];
    for (const module of refused)
      expect(() => registerCompressionCodecs(module as unknown as typeof kafkajs)).toThrow(ConfigError);
  });
});
