// Small helpers for comparing Confluent-framed messages in test failures a person can read.

/** The schema id of a framed message (0x00, then the id as a big-endian int32); throws on bad magic. */
export function framedSchemaId(message: Uint8Array): number {
  if (message.length < 5 || message[0] !== 0) {
    throw new Error(`not a Confluent-framed message: ${Buffer.from(message.subarray(0, 8)).toString("hex")}…`);
  }
  return Buffer.from(message.buffer, message.byteOffset, message.byteLength).readInt32BE(1);
}

/** Hex of each message, so that `expect(hex(a)).toEqual(hex(b))` shows the first differing record. */
export function hex(messages: readonly Uint8Array[]): string[] {
  return messages.map((message) => Buffer.from(message.buffer, message.byteOffset, message.byteLength).toString("hex"));
}
