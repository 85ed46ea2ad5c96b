import { beforeEach, describe, expect, it } from "vitest";
import { SerializationError } from "../../../../src/errors/index.js";
import { defineAvroRecord } from "../../../../src/runtime/v1/index.js";
import { createDeserializer, createSerializer } from "../../../../src/serde/index.js";
import { InMemoryRegistry } from "../../../support/in-memory-registry.js";

let registry: InMemoryRegistry;

beforeEach(() => {
  registry = new InMemoryRegistry();
});

const LONG_SCHEMA = { type: "record", name: "L", namespace: "com.example", fields: [{ name: "l", type: "long" }] };

describe("longs as numbers (default)", () => {
  const Long = defineAvroRecord<{ l: number }>({ schema: LONG_SCHEMA });

  // avsc 5.7.9 alone writes n < -2^52 as other values and refuses ±(2^53 - 1). Bytes: the Avro
  // specification's zig-zag varint of each value (z = 2n for n >= 0, -2n - 1 below); the interop suite
  // checks the same values against Confluent's Python serializer.
  it.each([
    [-(2 ** 52) - 1, "8180808080808010"],
    [Number.MIN_SAFE_INTEGER, "fdffffffffffff1f"],
    [Number.MAX_SAFE_INTEGER, "feffffffffffff1f"],
    [-(2 ** 52), "ffffffffffffff0f"],
    [2 ** 40, "808080808040"],
    [-1, "01"],
  ])("writes and reads the long %i exactly as %s", async (l, hex) => {
    const bytes = await createSerializer(Long, { registry }).serialize("t", { l });
    expect(bytes.subarray(5).toString("hex")).toBe(hex);
    expect(await createDeserializer(Long, { registry }).deserialize("t", bytes)).toEqual({ l });
  });

  it.each([[2 ** 53], [-(2 ** 53)], [1.5], [Number.NaN]])("refuses %d", async (l) => {
    await expect(createSerializer(Long, { registry }).serialize("t", { l })).rejects.toThrow(SerializationError);
  });

  it("refuses to read a long a number cannot hold", async () => {
    const id = await registry.register("t-value", { schema: Long.schema });
    // 2^53 + 1 (zig-zag 2^54 + 2): written by a Java or bigint producer.
    const bytes = Buffer.from(`00${id.toString(16).padStart(8, "0")}8280808080808020`, "hex");
    await expect(createDeserializer(Long, { registry }).deserialize("t", bytes)).rejects.toThrow(
      /potential precision loss/,
    );
  });
});

describe("longs as bigint", () => {
  const Big = defineAvroRecord<{ l: bigint }>({ schema: LONG_SCHEMA, longs: "bigint" });

  it("writes and reads 64-bit longs exactly", async () => {
    const serializer = createSerializer(Big, { registry });
    const deserializer = createDeserializer(Big, { registry });
    for (const l of [2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n + 1n, 0n]) {
      expect(await deserializer.deserialize("t", await serializer.serialize("t", { l }))).toEqual({ l });
    }
    // 2^63 - 1 as a zig-zag varint: the Avro specification's encoding of the largest long.
    expect((await serializer.serialize("t", { l: 2n ** 63n - 1n })).subarray(5).toString("hex")).toBe(
      "feffffffffffffffff01",
    );
  });

  it("refuses values outside 64 bits and numbers", async () => {
    const serializer = createSerializer(Big, { registry });
    await expect(serializer.serialize("t", { l: 2n ** 64n })).rejects.toThrow(SerializationError);
    await expect(serializer.serialize("t", { l: 1 as unknown as bigint })).rejects.toThrow(SerializationError);
  });

  it("reads records written in number mode, the same bytes", async () => {
    const written = await createSerializer(defineAvroRecord<{ l: number }>({ schema: LONG_SCHEMA }), {
      registry,
    }).serialize("t", {
      l: -(2 ** 52) - 1,
    });
    expect(await createDeserializer(Big, { registry }).deserialize("t", written)).toEqual({ l: -(2n ** 52n) - 1n });
  });
});
