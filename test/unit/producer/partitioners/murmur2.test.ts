import { Partitioners } from "kafkajs";
import { describe, expect, it } from "vitest";
import { murmur2, toPositive } from "../../../../src/producer/partitioners/murmur2.js";

const utf8 = (text: string): Buffer => Buffer.from(text, "utf8");

describe("murmur2 (Java's Utils.murmur2)", () => {
  // apache/kafka clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java#testMurmur2, and
  // kafkajs src/producer/partitioners/default/murmur2.spec.js (generated with Java).
  it.each([
    ["21", -973932308],
    ["foobar", -790332482],
    ["a-little-bit-long-string", -985981536],
    ["a-little-bit-longer-string", -1486304829],
    ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971],
    ["abc", 479470107],
    ["0", 971027396],
    ["1", -1993445489],
    ["128", -326012175],
    ["100:48069", 1009543857],
  ])("murmur2(%j) = %i", (key, expected) => {
    expect(murmur2(utf8(key))).toBe(expected);
  });

  // The partition Java's DefaultPartitioner picks for 3 / 6 / 12 partitions (vectors computed with Java).
  it.each([
    ["", [0, 3, 9]],
    ["a", [1, 4, 4]],
    ["user:1001", [2, 5, 5]],
    ["customer-7", [1, 1, 7]],
    ["tenant-3:evt", [1, 4, 10]],
    ["foobar", [0, 0, 6]],
    ["héllo-ünïcode", [2, 2, 8]],
  ])("key %j → partitions %j of 3/6/12", (key, expected) => {
    const positive = toPositive(murmur2(utf8(key)));
    expect([3, 6, 12].map((count) => positive % count)).toEqual(expected);
  });

  it("agrees with kafkajs's (Java-compatible) DefaultPartitioner on 1,200 keys, 1 to 100 partitions", () => {
    const partitioner = Partitioners.DefaultPartitioner();
    let state = 0x2026;
    const random = (): number => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 2 ** 32;
    };
    const keys: Buffer[] = [];
    for (let i = 0; i < 1_000; i += 1)
      keys.push(Buffer.from(Array.from({ length: Math.floor(random() * 65) }, () => Math.floor(random() * 256))));
    for (let i = 0; i < 200; i += 1) keys.push(utf8(`user-${i}:événement-${i * 7}`));
    let checked = 0;
    for (const count of [1, 3, 6, 12, 100]) {
      const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({
        partitionId,
        leader: 0,
        partitionErrorCode: 0,
        replicas: [0],
        isr: [0],
      }));
      for (const key of keys) {
        const expected = partitioner({ topic: "t", partitionMetadata, message: { key, value: null } });
        expect(toPositive(murmur2(key)) % count).toBe(expected);
        checked += 1;
      }
    }
    expect(checked).toBe(6_000);
  });
});
