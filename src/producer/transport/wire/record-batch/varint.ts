/** Bytes of the zig-zag varint/varlong encoding of `value` (|value| < 2^52). */
export function varintSize(value: number): number {
  let rest = value >= 0 ? value * 2 : -value * 2 - 1;
  let size = 1;
  while (rest >= 0x80) {
    rest = Math.floor(rest / 0x80);
    size += 1;
  }
  return size;
}

/** Writes the zig-zag varint/varlong of `value` at `offset`; returns the offset after it. */
export function writeVarint(buffer: Buffer, offset: number, value: number): number {
  // Int32 values take the fast path: zig-zag and 7-bit groups with 32-bit integer operations.
  if (value >= -0x40000000 && value < 0x40000000) {
    let rest = ((value << 1) ^ (value >> 31)) >>> 0;
    while (rest >= 0x80) {
      buffer[offset++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    buffer[offset++] = rest;
    return offset;
  }
  let rest = value >= 0 ? value * 2 : -value * 2 - 1;
  while (rest >= 0x80) {
    buffer[offset++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  buffer[offset++] = rest;
  return offset;
}
