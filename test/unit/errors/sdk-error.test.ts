import { describe, expect, it } from "vitest";
import * as errors from "../../../src/errors/index.js";
import { ConfigError, InvariantViolation, SdkError, invariant } from "../../../src/errors/index.js";

// One instance of every exported error class; a new class must be added here (the test below checks).
const instances: readonly SdkError[] = [
  new ConfigError("lingerMs", "a number >= 0", -1),
  new InvariantViolation("buffer underflow"),
];

describe("SdkError subclasses", () => {
  it("covers every exported error class", () => {
    const exported: unknown[] = Object.values(errors).filter(
      (value) => typeof value === "function" && value.prototype instanceof SdkError,
    );
    expect(new Set<unknown>(instances.map((error) => error.constructor))).toEqual(new Set(exported));
  });

  it.each(instances.map((error) => [error.constructor.name, error] as const))(
    "%s has name === class name and is recognised by SdkError.is",
    (className, error) => {
      expect(error.name).toBe(className);
      expect(error).toBeInstanceOf(Error);
      expect(SdkError.is(error)).toBe(true);
    },
  );

  it("gives each class its own code", () => {
    const codes = instances.map((error) => error.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("does not take foreign errors for its own", () => {
    expect(SdkError.is(new Error("x"))).toBe(false);
    expect(SdkError.is({ code: "CONFIG_INVALID" })).toBe(false);
    expect(SdkError.is(null)).toBe(false);
  });
});

describe("ConfigError", () => {
  it("names the option, what it accepts and what it got", () => {
    const error = new ConfigError("producer.lingerMs", "a number >= 0", "5");
    expect(error.message).toBe('invalid option "producer.lingerMs": expected a number >= 0, got "5"');
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.retriable).toBe(false);
  });

  it("serialises its context and cause to JSON", () => {
    const cause = new RangeError("too small");
    const json = new ConfigError("acks", '"all" | 0 | 1', 2, { cause }).toJSON();
    expect(json).toMatchObject({
      name: "ConfigError",
      code: "CONFIG_INVALID",
      option: "acks",
      expected: '"all" | 0 | 1',
      actual: 2,
      retriable: false,
      cause: { name: "RangeError", message: "too small" },
    });
  });
});

describe("invariant", () => {
  it("throws InvariantViolation when the condition is false, and nothing otherwise", () => {
    expect(() => invariant(false, "queue empty")).toThrow(InvariantViolation);
    expect(() => invariant(false, "queue empty")).toThrow(/queue empty.*bug in schemakit/);
    expect(() => invariant(1, "never")).not.toThrow();
  });
});
