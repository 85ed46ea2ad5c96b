import { join } from "node:path";
import { create, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { SerializationError } from "../../../../src/errors/index.js";
import { compiledMessage } from "../../../../src/serde/protobuf/index.js";
import { ProtobufSerializer } from "../../../../src/serde/protobuf/protobuf-serializer.js";
import { encodeHeader } from "../../../../src/serde/wire-format.js";
import { InMemoryRegistry } from "../../../support/in-memory-registry.js";
import { compiledFixture, PROTO_FIXTURES } from "./compiled-fixture.js";

// The serializer's two write paths, the compiled encoder and the @bufbuild/protobuf fallback, give the
// same frames: in a fresh Buffer (serializeSync) and in place in someone else's buffer (encodeInto).

const EVENT = {
  userId: "user-1".repeat(30),
  ts: 1_735_689_600_000n,
  eventType: 3,
  amount: 12.5,
  tags: ["café", "🚀"],
  counters: { views: 2n ** 40n },
  geo: { lat: -1.5, lon: 2.25 },
  count: -7,
  payload: Uint8Array.of(1, 2, 3),
};

describe("ProtobufSerializer write paths", async () => {
  const bench = await compiledFixture({
    cwd: join(PROTO_FIXTURES, "bench"),
    includePaths: ["."],
    files: ["com/example/bench/user_event.proto"],
  });
  const userEvent = bench.message("com.example.bench.UserEvent");
  const encoderFixture = await compiledFixture({
    cwd: join(PROTO_FIXTURES, "encoder"),
    includePaths: ["."],
    files: ["encoder/fallback.proto"],
  });
  const fallback = encoderFixture.message("encoder.Fallback");

  async function prepared(type: typeof userEvent) {
    const serializer = new ProtobufSerializer(type, { registry: new InMemoryRegistry() });
    const { schemaId } = await serializer.prepare("events");
    return { serializer, schemaId };
  }

  function expectedFrame(type: typeof userEvent, schemaId: number, value: Record<string, unknown>): Buffer {
    const desc = compiledMessage(type);
    const body = toBinary(desc, create(desc, value as never));
    return Buffer.concat([encodeHeader(schemaId, type.messageIndexes), body]);
  }

  it("serializeSync writes the frame around @bufbuild/protobuf's bytes (compiled encoder)", async () => {
    const { serializer, schemaId } = await prepared(userEvent);
    const expected = expectedFrame(userEvent, schemaId, EVENT);
    expect(serializer.serializeSync("events", EVENT).toString("hex")).toBe(expected.toString("hex"));
  });

  it("encodeInto writes in place at an offset, and answers minus the bytes missing when short", async () => {
    const { serializer, schemaId } = await prepared(userEvent);
    const expected = expectedFrame(userEvent, schemaId, EVENT);
    const encoder = serializer.encoder("events");
    const exact = Buffer.alloc(7 + expected.length, 0xee);
    expect(encoder.encodeInto(EVENT, exact, 7)).toBe(exact.length);
    expect(exact.subarray(7).equals(expected)).toBe(true);
    expect(exact.subarray(0, 7).every((byte) => byte === 0xee)).toBe(true);
    for (const missing of [1, 2, 10, expected.length - 1]) {
      const short = Buffer.alloc(3 + expected.length - missing);
      expect(encoder.encodeInto(EVENT, short, 3)).toBe(-missing);
    }
  });

  it("grows past its scratch, and in place needs exactly the frame's bytes, for messages of 100 kB", async () => {
    const { serializer, schemaId } = await prepared(userEvent);
    const big = { ...EVENT, userId: "日本".repeat(20_000), payload: new Uint8Array(100_000).fill(7) };
    const expected = expectedFrame(userEvent, schemaId, big);
    expect(serializer.serializeSync("events", big).equals(expected)).toBe(true);
    expect(serializer.serializeSync("events", EVENT).equals(expectedFrame(userEvent, schemaId, EVENT))).toBe(true);
    const encoder = serializer.encoder("events");
    expect(encoder.encodeInto(big, Buffer.alloc(1_000), 10)).toBe(1_000 - 10 - expected.length);
    const target = Buffer.alloc(10 + expected.length);
    expect(encoder.encodeInto(big, target, 10)).toBe(target.length);
    expect(target.subarray(10).equals(expected)).toBe(true);
  });

  it("falls back to @bufbuild/protobuf for a message the compiled encoder does not cover", async () => {
    const { serializer, schemaId } = await prepared(fallback);
    const value = { wrapped: 5n, meta: { a: 1, b: [true, "x"] }, name: "n", numbers: [1, -2] };
    const expected = expectedFrame(fallback, schemaId, value);
    expect(expected.toString("hex")).toContain("0a020805");
    expect(serializer.serializeSync("events", value).equals(expected)).toBe(true);
    const target = Buffer.alloc(2 + expected.length);
    expect(serializer.encoder("events").encodeInto(value, target, 2)).toBe(target.length);
    expect(target.subarray(2).equals(expected)).toBe(true);
  });

  it("leaves values it does not take as is to @bufbuild/protobuf: its coercions and its typed errors", async () => {
    const { serializer, schemaId } = await prepared(userEvent);
    // @bufbuild/protobuf takes an int64 as a decimal string.
    const coerced = { ...EVENT, ts: "1735689600000" };
    expect(serializer.serializeSync("events", coerced).equals(expectedFrame(userEvent, schemaId, EVENT))).toBe(true);
    expect(() => serializer.serializeSync("events", { ...EVENT, count: 2 ** 40 })).toThrow(SerializationError);
  });
});
