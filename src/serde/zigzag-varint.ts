// Kafka's ByteUtils.writeVarint / readVarint for 32-bit ints: zig-zag, then unsigned LEB128 varint.
// Confluent writes Protobuf message indexes with exactly these.

/** Bytes that writeZigZagVarint(value) takes. */
export function zigZagVarintSize(value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  let size = 1;
  while (v >= 0x80) {
    v >>>= 7;
    size += 1;
  }
  return size;
}

/** Writes a 32-bit int at `offset`; returns the offset after it. The caller sizes the buffer. */
export function writeZigZagVarint(buffer: Uint8Array, offset: number, value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  let at = offset;
  while (v >= 0x80) {
    buffer[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buffer[at++] = v;
  return at;
}

/** Reads a 32-bit int at `offset`; undefined when the bytes end first or run past 5 bytes. */
export function readZigZagVarint(buffer: Uint8Array, offset: number): { value: number; next: number } | undefined {
  let raw = 0;
  for (let i = 0; i < 5; i += 1) {
    const byte = buffer[offset + i];
    if (byte === undefined) return undefined;
    raw |= (byte & 0x7f) << (7 * i);
    if ((byte & 0x80) === 0) {
      const unsigned = raw >>> 0;
      return { value: (unsigned >>> 1) ^ -(unsigned & 1), next: offset + i + 1 };
    }
  }
  return undefined;
}
