import { beforeEach, describe, expect, it } from "vitest";
import { ConfigError, WireFormatError } from "../../../../src/errors/index.js";
import { defineAvroRecord } from "../../../../src/runtime/v1/index.js";
import { createDeserializer, createSerializer } from "../../../../src/serde/index.js";
import { InMemoryRegistry } from "../../../support/in-memory-registry.js";

// Issue 13, item 8: a field named `__proto__` deserialized to avsc's internal record prototype. avsc builds
// and checks records with `this.<field> = …` and `value.<field>`, where `__proto__` means the prototype, so
// no such field can be a plain property: a schema that has one is refused when it is parsed.

let registry: InMemoryRegistry;

beforeEach(() => {
  registry = new InMemoryRegistry();
});

const NESTED = {
  type: "record",
  name: "Outer",
  namespace: "com.example.proto",
  fields: [
    { name: "id", type: "string" },
    {
      name: "inner",
      type: { type: "record", name: "Inner", fields: [{ name: "__proto__", type: { type: "map", values: "int" } }] },
    },
  ],
};

describe("a field named __proto__", () => {
  it("is refused when the schema is parsed, naming the field", () => {
    const Outer = defineAvroRecord<Record<string, unknown>>({ schema: NESTED });
    for (const make of [() => createSerializer(Outer, { registry }), () => createDeserializer(Outer, { registry })]) {
      expect(make).toThrow(ConfigError);
      expect(make).toThrow(/com\.example\.proto\.Inner\.__proto__/);
    }
  });

  it("in a writer's schema only, makes its records unreadable with a WireFormatError naming the field", async () => {
    const writer = {
      type: "record",
      name: "W",
      namespace: "com.example.proto",
      fields: [
        { name: "id", type: "string" },
        { name: "__proto__", type: { type: "map", values: "int" } },
      ],
    };
    const reader = { ...writer, fields: [{ name: "id", type: "string" }] };
    const id = await registry.register("w-value", { schema: JSON.stringify(writer) });
    // id "a", then { "polluted": 1 } under __proto__.
    const body = `0261020e${Buffer.from("pollute").toString("hex")}0200`;
    const bytes = Buffer.from(`00${id.toString(16).padStart(8, "0")}${body}`, "hex");
    const deserializer = createDeserializer(defineAvroRecord<{ id: string }>({ schema: reader }), { registry });
    await expect(deserializer.deserialize("w", bytes)).rejects.toThrow(WireFormatError);
    await expect(deserializer.deserialize("w", bytes)).rejects.toThrow(/com\.example\.proto\.W\.__proto__/);
  });
});
