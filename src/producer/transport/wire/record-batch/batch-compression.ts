import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { CompressionName } from "../../../producer-options.js";
import { LZ4_CODEC, SNAPPY_CODEC, ZSTD_CODEC, type Codec } from "../../compression-codecs.js";

const gzipAsync = promisify(gzip);

const GZIP_CODEC: Codec = {
  compress: (encoder) => gzipAsync(encoder.buffer),
  decompress: () => Promise.reject(new Error("the producer does not decompress")),
};

const CODECS: Readonly<Record<Exclude<CompressionName, "none">, Codec>> = {
  gzip: GZIP_CODEC,
  snappy: SNAPPY_CODEC,
  lz4: LZ4_CODEC,
  zstd: ZSTD_CODEC,
};

/** Compresses a batch's record section with the codec Kafka's attribute bits name. */
export function compressRecords(compression: Exclude<CompressionName, "none">, records: Buffer): Promise<Buffer> {
  return CODECS[compression].compress({ buffer: records });
}
