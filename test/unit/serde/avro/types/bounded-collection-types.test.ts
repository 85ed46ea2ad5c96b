import { compiledType } from "../../../../../src/serde/avro/avro-type-cache.js";
import { testType } from "./type-harness.js";

// schemakit's arrays and maps: avsc's, with block counts bounded by the bytes left when reading.

const KEYS = ["a", "bb", "__proto__", "k-1", "日本"];

testType("bounded array of ints", {
  type: () => compiledType([JSON.stringify({ type: "array", items: "int" })], "number"),
  valid: [[], [0], [1, -1, 2 ** 31 - 1]],
  invalid: [[1.5], ["1"], {}, null, [2 ** 31]],
  random: (next) => Array.from({ length: Math.floor(next() * 20) }, () => Math.floor((next() - 0.5) * 2 ** 31)),
  bytes: [[[1, 2], "04020400"]],
});

testType("bounded map of nullable strings", {
  type: () => compiledType([JSON.stringify({ type: "map", values: ["null", "string"] })], "number"),
  valid: [{}, { a: null, b: "x" }],
  invalid: [[], { a: 1 }, null, "x"],
  random: (next) => {
    const map: Record<string, string | null> = {};
    for (let i = Math.floor(next() * 6); i > 0; i -= 1) {
      const key = KEYS[Math.floor(next() * KEYS.length)] as string;
      // Defined as own entries: a `__proto__` key must stay one, as the decoder keeps it.
      Object.defineProperty(map, key, {
        value: next() < 0.3 ? null : `v${i}`,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return map;
  },
});
