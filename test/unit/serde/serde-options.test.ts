import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors/index.js";
import type { RegistryClient } from "../../../src/registry/registry-client.js";
import {
  SERIALIZER_DEFAULTS,
  resolveDeserializerOptions,
  resolveSerializerOptions,
  type SerializerOptions,
} from "../../../src/serde/serde-options.js";
import { InMemoryRegistry } from "../../support/in-memory-registry.js";

const registry = new InMemoryRegistry();

describe("serializer options", () => {
  it("defaults to registering under the topic strategy, as a value", () => {
    const resolved = resolveSerializerOptions({ registry });
    expect(resolved.registry).toBe(registry);
    expect(resolved.isKey).toBe(false);
    expect(resolved.selection).toEqual({ kind: "register", normalize: false });
    expect(resolved.subjectName("orders", false, "com.acme.Order")).toBe("orders-value");
    expect(Object.isFrozen(SERIALIZER_DEFAULTS)).toBe(true);
  });

  it.each([
    [{ autoRegister: false }, { kind: "lookup", normalize: false }],
    [{ normalize: true }, { kind: "register", normalize: true }],
    [{ useLatest: true }, { kind: "latest", strict: false }],
    [
      { useLatest: true, latestCompatibilityStrict: true, autoRegister: false },
      { kind: "latest", strict: true },
    ],
    [{ schemaId: 0 }, { kind: "pinned", schemaId: 0 }],
  ] as const)("selects the schema for %j", (options, selection) => {
    expect(resolveSerializerOptions({ registry, ...options }).selection).toEqual(selection);
  });

  it.each([
    [{ registry: undefined }, "registry"],
    [{ registry: {} }, "registry"],
    [{ isKey: "yes" }, "isKey"],
    [{ autoRegister: 1 }, "autoRegister"],
    [{ normalize: null }, "normalize"],
    [{ schemaId: -1 }, "schemaId"],
    [{ schemaId: 1.5 }, "schemaId"],
    [{ schemaId: 2 ** 31 }, "schemaId"],
    [{ useLatest: true, schemaId: 1 }, "useLatest"],
    [{ autoRegister: true, useLatest: true }, "autoRegister"],
    [{ autoRegister: true, schemaId: 3 }, "autoRegister"],
    [{ latestCompatibilityStrict: true }, "latestCompatibilityStrict"],
    [{ subjectNameStrategy: "TopicNameStrategy" }, "subjectNameStrategy"],
  ])("rejects %j, naming %s", (options, option) => {
    const call = () => resolveSerializerOptions({ registry, ...options } as unknown as SerializerOptions);
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(`invalid option "${option}"`);
  });

  it("prefixes option names with the caller's path", () => {
    expect(() => resolveSerializerOptions({ registry, schemaId: -1 }, "value.")).toThrow(
      'invalid option "value.schemaId"',
    );
  });

  it("never echoes a registry object's contents", () => {
    const secret = { url: "http://user:hunter2@registry" } as unknown as RegistryClient;
    expect(() => resolveSerializerOptions({ registry: secret })).toThrow(/got an object$/);
  });
});

describe("deserializer options", () => {
  it("needs a registry", () => {
    expect(resolveDeserializerOptions({ registry }).registry).toBe(registry);
    expect(() => resolveDeserializerOptions({} as unknown as { registry: RegistryClient })).toThrow(
      'invalid option "registry"',
    );
  });
});
