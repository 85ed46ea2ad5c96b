import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";

// FileDescriptorSet.file and FileDescriptorProto.source_code_info.
const SET_FILE = 1;
const FILE_SOURCE_CODE_INFO = 9;

/**
 * The encoded FileDescriptorProtos of an encoded FileDescriptorSet, in order, each without its
 * source_code_info: the compiler's own bytes, so generated code embeds them without encoding every
 * descriptor again. The compiler writes fields in field-number order, as @bufbuild/protobuf's toBinary
 * does; a test holds the two equal. Reads are bounded by the buffer (BinaryReader throws past its end).
 */
export function fileDescriptorBytes(set: Uint8Array): Uint8Array[] {
  const reader = new BinaryReader(set);
  const files: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const [number, wireType] = reader.tag();
    if (number === SET_FILE && wireType === WireType.LengthDelimited) files.push(withoutSourceInfo(reader.bytes()));
    else reader.skip(wireType, number);
  }
  return files;
}

function withoutSourceInfo(file: Uint8Array): Uint8Array {
  const reader = new BinaryReader(file);
  const kept: Uint8Array[] = [];
  let keptFrom = 0;
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const [number, wireType] = reader.tag();
    reader.skip(wireType, number);
    if (number !== FILE_SOURCE_CODE_INFO) continue;
    kept.push(file.subarray(keptFrom, start));
    keptFrom = reader.pos;
  }
  if (keptFrom === 0) return file;
  kept.push(file.subarray(keptFrom));
  const out = new Uint8Array(kept.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of kept) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
