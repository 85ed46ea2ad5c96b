import { ConfigError } from "../../errors/index.js";

// kafkajs compresses record batches with gzip only (node:zlib); snappy, lz4 and zstd are codecs it lets a
// caller register (registerCompressionCodecs: the kafkajs transport does, and so must kafkajs consumers).
// These use napi-rs packages whose prebuilt binaries ship inside npm packages (no download or compiler at
// install time): snappy, lz4-napi, @mongodb-js/zstd 1.x.
// Each library is loaded on its first use: a producer without compression never loads a native addon.
let snappyModule: Promise<typeof import("snappy")> | undefined;
let lz4Module: Promise<typeof import("lz4-napi")> | undefined;
let zstdModule: Promise<typeof import("@mongodb-js/zstd")> | undefined;
const snappy = (): Promise<typeof import("snappy")> => (snappyModule ??= import("snappy"));
const lz4 = (): Promise<typeof import("lz4-napi")> => (lz4Module ??= import("lz4-napi"));
const zstd = (): Promise<typeof import("@mongodb-js/zstd")> => (zstdModule ??= import("@mongodb-js/zstd"));

/** kafkajs's codec shape: compress gets its encoder (the batch's records in `buffer`). */
export interface Codec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

// xerial snappy-java's stream format, which Java producers write: an 8-byte magic, two 4-byte version
// fields, then chunks of [4-byte big-endian length][raw snappy block]. Java reads raw snappy blocks too
// (SnappyInputStream falls back when the magic is absent), so we write raw blocks and read both.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;

/** Raw snappy blocks out; raw blocks or xerial-framed chunks in. */
export const SNAPPY_CODEC: Codec = {
  compress: async (encoder) => (await snappy()).compressSync(encoder.buffer),
  decompress: async (buffer) => {
    const { uncompressSync } = await snappy();
    if (buffer.length < XERIAL_HEADER_BYTES || !buffer.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC))
      return uncompressSync(buffer) as Buffer;
    const chunks: Buffer[] = [];
    let offset = XERIAL_HEADER_BYTES;
    while (offset < buffer.length) {
      const length = buffer.readUInt32BE(offset);
      offset += 4;
      chunks.push(uncompressSync(buffer.subarray(offset, offset + length)) as Buffer);
      offset += length;
    }
    return Buffer.concat(chunks);
  },
};

/** The LZ4 frame format (magic 04 22 4D 18), as Kafka's KafkaLZ4BlockOutputStream writes for record batches v2. */
export const LZ4_CODEC: Codec = {
  compress: async (encoder) => (await lz4()).compressFrame(encoder.buffer),
  decompress: async (buffer) => (await lz4()).decompressFrame(buffer),
};

// Java's default zstd level (ZstdOutputStream: 3).
const ZSTD_LEVEL = 3;

/** Standard zstd frames (magic 28 B5 2F FD). */
export const ZSTD_CODEC: Codec = {
  compress: async (encoder) => (await zstd()).compress(encoder.buffer, ZSTD_LEVEL),
  decompress: async (buffer) => (await zstd()).decompress(buffer),
};

/** What registerCompressionCodecs needs of kafkajs: its module, as `import kafkajs from "kafkajs"` gives it. */
export interface KafkajsCompression {
  readonly CompressionTypes: { readonly Snappy: number; readonly LZ4: number; readonly ZSTD: number };
  readonly CompressionCodecs: { [type: number]: () => unknown };
}

/**
 * Registers schemakit's snappy, lz4 and zstd codecs with the kafkajs module given, so that its consumers
 * read (and its producers write) batches of those compressions: `registerCompressionCodecs(kafkajs)`.
 * kafkajs keeps codecs per module, process-wide; registering again replaces them with the same. The
 * module is the caller's, not a kafkajs that schemakit would load: that may be another copy, and
 * `import "schemakit/producer"` loads no Kafka client. The codec libraries load on first use.
 */
export function registerCompressionCodecs(kafkajs: KafkajsCompression): void {
  const module = kafkajs as Partial<KafkajsCompression> | null | undefined;
  const types = module?.CompressionTypes;
  const codecs = module?.CompressionCodecs;
  if (
    typeof codecs !== "object" ||
    codecs === null ||
    typeof types?.Snappy !== "number" ||
    typeof types.LZ4 !== "number" ||
    typeof types.ZSTD !== "number"
  )
    throw new ConfigError(
      "registerCompressionCodecs(kafkajs)",
      'the kafkajs module (import kafkajs from "kafkajs")',
      module === null ? "null" : typeof module,
    );
  codecs[types.Snappy] = () => SNAPPY_CODEC;
  codecs[types.LZ4] = () => LZ4_CODEC;
  codecs[types.ZSTD] = () => ZSTD_CODEC;
}
