import { describe, expect, it } from "vitest";
import { COMPATIBILITY_LEVELS, comparisonsFor, parseCompatibilityLevel } from "../../../src/compat/index.js";
import { ConfigError } from "../../../src/errors/index.js";

describe("comparisonsFor (Confluent's level semantics, earlier versions oldest first)", () => {
  it("BACKWARD: the new schema reads the latest version's data", () => {
    expect(comparisonsFor("BACKWARD", 3)).toEqual([{ index: 2, direction: "backward" }]);
  });

  it("FORWARD: the latest version reads the new schema's data", () => {
    expect(comparisonsFor("FORWARD", 3)).toEqual([{ index: 2, direction: "forward" }]);
  });

  it("FULL: both ways against the latest, backward first", () => {
    expect(comparisonsFor("FULL", 3)).toEqual([
      { index: 2, direction: "backward" },
      { index: 2, direction: "forward" },
    ]);
  });

  it("TRANSITIVE levels: every earlier version, oldest first", () => {
    expect(comparisonsFor("BACKWARD_TRANSITIVE", 3).map((c) => c.index)).toEqual([0, 1, 2]);
    expect(comparisonsFor("FORWARD_TRANSITIVE", 2)).toEqual([
      { index: 0, direction: "forward" },
      { index: 1, direction: "forward" },
    ]);
    expect(comparisonsFor("FULL_TRANSITIVE", 2)).toEqual([
      { index: 0, direction: "backward" },
      { index: 0, direction: "forward" },
      { index: 1, direction: "backward" },
      { index: 1, direction: "forward" },
    ]);
  });

  it("NONE, or no earlier version: nothing to compare", () => {
    expect(comparisonsFor("NONE", 4)).toEqual([]);
    for (const level of COMPATIBILITY_LEVELS) expect(comparisonsFor(level, 0)).toEqual([]);
  });
});

describe("parseCompatibilityLevel", () => {
  it("accepts the seven names, in any case", () => {
    expect(COMPATIBILITY_LEVELS).toHaveLength(7);
    for (const level of COMPATIBILITY_LEVELS) expect(parseCompatibilityLevel(level.toLowerCase())).toBe(level);
  });

  it("rejects anything else with a ConfigError naming the option and the allowed values", () => {
    expect(() => parseCompatibilityLevel("SIDEWAYS", "--level")).toThrow(ConfigError);
    expect(() => parseCompatibilityLevel("SIDEWAYS", "--level")).toThrow(/--level.*BACKWARD_TRANSITIVE.*SIDEWAYS/);
  });
});
