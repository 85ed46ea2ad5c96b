import { describe, expect, it } from "vitest";
import { PartitionError } from "../../../../src/errors/index.js";
import {
  consistentHash,
  jumpConsistentHash,
  keyHash64,
} from "../../../../src/producer/partitioners/consistent-hash.js";
import { javaCompatible } from "../../../../src/producer/partitioners/java-compatible.js";
import { roundRobin, sticky } from "../../../../src/producer/partitioners/keyless.js";
import { checkPartition, resolvePartitioner } from "../../../../src/producer/partitioners/resolve-partitioner.js";

const input = (key: string | null, partitionCount: number, topic = "t") => ({
  topic,
  key: key === null ? null : Buffer.from(key),
  partitionCount,
  record: {},
});

function sequence(values: readonly number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length] as number;
}

describe("partitioners", () => {
  it("murmur2: keyed records as Java, keyless ones sticky", () => {
    const partitioner = javaCompatible(sticky(sequence([0.5])));
    expect(partitioner.partition(input("user:1001", 6))).toBe(5);
    expect(partitioner.partition(input(null, 6))).toBe(3);
    expect(partitioner.requiresConsistency).toBe(true);
  });

  it("sticky: one partition until its batch closes, then another one", () => {
    const partitioner = sticky(sequence([0.5, 0.5, 0.0]));
    const picks = [partitioner.partition(input(null, 4)), partitioner.partition(input(null, 4))];
    partitioner.onBatchClosed?.("t", 1);
    picks.push(partitioner.partition(input(null, 4)));
    partitioner.onBatchClosed?.("t", 2);
    picks.push(partitioner.partition(input(null, 4)));
    // A closed batch of another partition changes nothing; a new pick avoids the partition just closed.
    expect(picks).toEqual([2, 2, 2, 1]);
    // The pick is an index into the other three partitions: random() 0.0 → the first of {0, 2, 3}.
    partitioner.onBatchClosed?.("t", 1);
    expect(partitioner.partition(input(null, 4))).toBe(0);
    // random() 0.5 → the second of {1, 2, 3}.
    partitioner.onBatchClosed?.("t", 0);
    expect(partitioner.partition(input(null, 4))).toBe(2);
  });

  it("round robin: every partition in turn, per topic", () => {
    const partitioner = roundRobin(() => 0);
    expect(Array.from({ length: 5 }, () => partitioner.partition(input(null, 3)))).toEqual([0, 1, 2, 0, 1]);
    expect(partitioner.partition(input(null, 3, "other"))).toBe(0);
  });

  it("jump consistent hash: stays in range, moves keys only to new buckets, ≈ (M−N)/M of them", () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => keyHash64(Buffer.from(`key-${i}`)));
    for (const [from, to] of [
      [6, 12],
      [12, 13],
      [10, 20],
      [3, 4],
    ] as const) {
      let moved = 0;
      for (const key of keys) {
        const before = jumpConsistentHash(key, from);
        const after = jumpConsistentHash(key, to);
        expect(before).toBeGreaterThanOrEqual(0);
        expect(before).toBeLessThan(from);
        if (before !== after) {
          moved += 1;
          expect(after).toBeGreaterThanOrEqual(from);
        }
      }
      expect(Math.abs(moved / keys.length - (to - from) / to)).toBeLessThan(0.02);
    }
    // Hundreds of thousands of hashes: seconds on a loaded 2-core machine, not a unit test's default 5 s.
  }, 60_000);

  it("jump consistent hash spreads keys evenly (each of 12 partitions within 10% of the mean)", () => {
    const counts = new Array<number>(12).fill(0);
    for (let i = 0; i < 12_000; i += 1) counts[jumpConsistentHash(keyHash64(Buffer.from(`k${i}`)), 12)]! += 1;
    for (const count of counts) expect(Math.abs(count - 1_000)).toBeLessThan(100);
  });

  it("consistentHash(): the same key always on the same partition; keyless records sticky", () => {
    const partitioner = consistentHash(sticky(() => 0.99));
    const first = partitioner.partition(input("order-42", 12));
    expect(partitioner.partition(input("order-42", 12))).toBe(first);
    expect(partitioner.partition(input(null, 12))).toBe(11);
  });

  it("resolves names, objects and functions; refuses anything else", () => {
    expect(resolvePartitioner(undefined).name).toBe("murmur2");
    expect(resolvePartitioner("consistent-hash").name).toBe("consistent-hash");
    const custom = resolvePartitioner((key, count) => (key === null ? 0 : key.length % count));
    expect(custom.partition(input("abcd", 3))).toBe(1);
    expect(() => resolvePartitioner("random" as never)).toThrow(/invalid option "partitioner"/);
  });

  it("names partitioners for what they do; the old names still work, with one DeprecationWarning each", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on("warning", onWarning);
    try {
      const roundRobin = resolvePartitioner("murmur2-round-robin");
      expect(roundRobin.name).toBe("murmur2-round-robin");
      // Keyless records take turns; keyed ones go where Java puts them.
      const turns = [0, 1, 2, 3].map(() => roundRobin.partition(input(null, 3)));
      expect(turns.slice(1)).toEqual(turns.slice(0, 3).map((partition) => (partition + 1) % 3));
      expect(roundRobin.partition(input("user:1001", 6))).toBe(5);
      expect(warnings).toEqual([]);
      expect(resolvePartitioner("sticky").name).toBe("murmur2");
      expect(resolvePartitioner("round-robin").name).toBe("murmur2-round-robin");
      expect(resolvePartitioner("sticky").name).toBe("murmur2");
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      const deprecations = warnings.filter((warning) => warning.name === "DeprecationWarning");
      expect(deprecations.map((warning) => warning.message)).toEqual([
        'partitioner "sticky" is deprecated: use "murmur2", which behaves the same',
        'partitioner "round-robin" is deprecated: use "murmur2-round-robin", which behaves the same',
      ]);
      expect(deprecations.map((warning) => (warning as { code?: string }).code)).toEqual([
        "SCHEMAKIT_DEP_PARTITIONER_NAME",
        "SCHEMAKIT_DEP_PARTITIONER_NAME",
      ]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("checks partitions: an integer in range, else PartitionError naming topic, partition and count", () => {
    expect(checkPartition("orders", 2, 3, "partition")).toBe(2);
    for (const bad of [3, -1, 1.5, Number.NaN]) {
      const error = (() => {
        try {
          checkPartition("orders", bad, 3, "partition");
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(PartitionError);
      expect(error).toMatchObject({ topic: "orders", partitionCount: 3 });
    }
    expect(() => checkPartition("orders", 3, 3, "partition")).toThrow(
      'send to topic "orders": partition 3 is not one of its 3 partitions (0..2)',
    );
  });
});
