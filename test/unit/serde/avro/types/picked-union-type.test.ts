import { describe, expect, it } from "vitest";
import { compiledType } from "../../../../../src/serde/avro/avro-type-cache.js";
import { PickedUnionType } from "../../../../../src/serde/avro/types/picked-union-type.js";
import { testType } from "./type-harness.js";

// A union avsc cannot tell apart by JavaScript type, parsed as schemakit parses a value type (with its
// record classes: none here).
function union(branches: readonly unknown[]): PickedUnionType {
  const type = compiledType([JSON.stringify(branches)], "number", new Map());
  if (!(type instanceof PickedUnionType)) throw new Error(`not a PickedUnionType: ${type.typeName}`);
  return type;
}

const COLOR = { type: "enum", name: "com.example.Color", symbols: ["RED", "GREEN"] };
const A = { type: "record", name: "com.example.A", fields: [{ name: "x", type: "int" }] };
const B = { type: "record", name: "com.example.B", fields: [{ name: "x", type: "int" }] };
const WORDS = ["RED", "GREEN", "blue", "", "héllo"];

testType("picked union [string, enum]", {
  type: () => union(["string", COLOR]),
  valid: ["RED", "free text", ""],
  invalid: [1, null, undefined, {}],
  random: (next) => WORDS[Math.floor(next() * WORDS.length)],
  // The first branch that takes the value writes it: "RED" is the string branch (index 0).
  bytes: [["RED", "0006524544"]],
});

testType("picked union [int, long]", {
  type: () => union(["int", "long"]),
  valid: [0, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 40), Number.MAX_SAFE_INTEGER],
  invalid: [1.5, "1", null, 2 ** 53],
  random: (next) => Math.floor((next() - 0.5) * 2 ** (next() < 0.5 ? 31 : 53)),
  bytes: [
    [1, "0002"],
    [2 ** 31, "028080808010"],
  ],
});

testType("picked union of two records with the same fields", {
  type: () => union(["null", A, B]),
  valid: [null, { x: 1 }, { x: -5 }],
  invalid: [{ x: "1" }, { y: 1 }, 1, undefined],
  random: (next) => (next() < 0.2 ? null : { x: Math.floor((next() - 0.5) * 1000) }),
  bytes: [[{ x: 1 }, "0202"]],
});

describe("picked union: branch choice", () => {
  it.each([
    [["string", COLOR], "GREEN", 0],
    [[COLOR, "string"], "GREEN", 0],
    [[COLOR, "string"], "blue", 1],
    [["int", "long"], 2 ** 31 - 1, 0],
    [["int", "long"], 2 ** 31, 1],
    [[{ type: "map", values: "int" }, A], { x: 1 }, 0],
    [[A, { type: "map", values: "int" }], { x: 1 }, 0],
    [[A, { type: "map", values: "int" }], { y: 1 }, 1],
    [["int", "long"], "text", -1],
  ])("%j takes %j in branch %i", (branches, value, index) => {
    expect(union(branches).branchIndex(value)).toBe(index);
  });
});
