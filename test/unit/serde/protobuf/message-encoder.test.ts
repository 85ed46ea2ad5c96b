import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { create, type DescMessage, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { type Cursor, NoRoom } from "../../../../src/serde/protobuf/binary-writer.js";
import { compileMessageEncoder, type MessageEncoder } from "../../../../src/serde/protobuf/message-encoder.js";
import { restoreUnknownFields } from "../../../../src/serde/protobuf/unknown-fields.js";
import { seededRandom } from "../../../support/seeded-random.js";
import { fixtureMessages, int, randomValue } from "./random-messages.js";

// The compiled encoder against @bufbuild/protobuf's toBinary (it passes the Protobuf conformance suite):
// randomized values (fixed seed) of every message of every fixture file and the well-known types they
// import, each encoded both ways and compared byte for byte.

const SEED = 0x0b0e_2026;
const VALUES_PER_MESSAGE = 200;

// What the serializer wrote before the compiled encoder: create(), the `$unknown` fields carried over
// (create() copies declared fields only), then toBinary.
function reference(desc: DescMessage, value: Record<string, unknown>): Buffer {
  const message = create(desc, value as never);
  restoreUnknownFields(desc, message, value);
  return Buffer.from(toBinary(desc, message));
}

function encodeCompiled(encoder: MessageEncoder, value: unknown, capacity = 64 * 1024): Buffer {
  const cursor: Cursor = { buf: Buffer.alloc(capacity), pos: 0, end: capacity };
  encoder(cursor, value);
  return cursor.buf.subarray(0, cursor.pos);
}

describe("compiled message encoder", async () => {
  const messages = await fixtureMessages();

  it("covers every fixture message but the ones whose local shape is not the message itself", () => {
    const uncovered = messages.filter((desc) => compileMessageEncoder(desc) === undefined).map((desc) => desc.typeName);
    expect(uncovered.sort(), uncovered.join()).toEqual([
      "google.protobuf.ListValue",
      "google.protobuf.Struct",
      "google.protobuf.Value",
      // An Int64Value field (unboxed to a bigint) and a Struct field (a JSON object).
      "shapes.v1.Everything",
    ]);
  });

  it("writes @bufbuild/protobuf's toBinary bytes for random values of every covered message", () => {
    const random = seededRandom(SEED);
    let compared = 0;
    for (const desc of messages) {
      const encoder = compileMessageEncoder(desc);
      if (encoder === undefined) continue;
      for (let i = 0; i < VALUES_PER_MESSAGE; i += 1) {
        const value = randomValue(random, desc, 0);
        const expected = reference(desc, value);
        const actual = encodeCompiled(encoder, value);
        if (!actual.equals(expected)) {
          throw new Error(`${desc.typeName} value ${i}: ${actual.toString("hex")} != ${expected.toString("hex")}`);
        }
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(10 * VALUES_PER_MESSAGE);
  }, 60_000);

  it("throws NoRoom rather than write past the end of its target", () => {
    const random = seededRandom(SEED + 1);
    const desc = messages.find((message) => message.typeName === "com.example.bench.UserEvent");
    const encoder = desc === undefined ? undefined : compileMessageEncoder(desc);
    if (desc === undefined || encoder === undefined) throw new Error("UserEvent is not compiled");
    for (let i = 0; i < 50; i += 1) {
      const value = randomValue(random, desc, 0);
      const expected = reference(desc, value);
      if (expected.length < 2) continue;
      const short = expected.length - int(random, 1, Math.min(expected.length, 10));
      const buf = Buffer.alloc(short + 16, 0xee);
      expect(() => encoder({ buf, pos: 0, end: short }, value)).toThrow(NoRoom);
      expect(buf.subarray(short).every((byte) => byte === 0xee)).toBe(true);
    }
  });
});

// The encoder the serializer uses is generated source unless the runtime refuses `new Function`; then the
// closures encode, to the same bytes. The child compares with toBinary on the same values.
function encodeInChild(flags: readonly string[]): { generated: boolean; equal: boolean; bytes: number } {
  const module = (path: string): string => JSON.stringify(new URL(path, import.meta.url).href);
  const script = `
    import { create, toBinary } from "@bufbuild/protobuf";
    import { compileMessageEncoder } from ${module("../../../../src/serde/protobuf/message-encoder.ts")};
    import { compiledMessage } from ${module("../../../../src/serde/protobuf/index.ts")};
    import { UserEvent } from ${module("../../../bench/protobuf/generated/com/example/bench/user_event.proto.ts")};
    const desc = compiledMessage(UserEvent.schema);
    const encoder = compileMessageEncoder(desc);
    const init = { userId: "u\u00e9", ts: -3n, tags: ["x", ""], counters: { a: 1n, b: -2n }, flag: true,
      geo: { lat: 1.5 }, payload: new Uint8Array([1, 2, 3]) };
    const cursor = { buf: Buffer.alloc(1024), pos: 0, end: 1024 };
    encoder(cursor, init);
    const expected = Buffer.from(toBinary(desc, create(desc, init)));
    const actual = cursor.buf.subarray(0, cursor.pos);
    const generated = String(encoder).includes('m["userId"]');
    console.log(JSON.stringify({ generated, equal: actual.equals(expected), bytes: expected.length }));
  `;
  const output = execFileSync(
    process.execPath,
    [...flags, "--import", "tsx", "--input-type=module", "--eval", script],
    { cwd: fileURLToPath(new URL("../../../../", import.meta.url)), encoding: "utf8" },
  );
  return JSON.parse(output.trim().split("\n").at(-1) ?? "") as { generated: boolean; equal: boolean; bytes: number };
}

describe("where the runtime refuses code generation from strings", () => {
  it("encodes with closures instead of generated source, to toBinary's bytes", () => {
    const refused = encodeInChild(["--disallow-code-generation-from-strings"]);
    expect(refused.generated).toBe(false);
    expect(refused.equal).toBe(true);
    expect(refused.bytes).toBeGreaterThan(20);
  }, 60_000);

  it("encodes with generated source where the runtime allows it, to the same bytes", () => {
    expect(encodeInChild([])).toEqual({
      ...encodeInChild(["--disallow-code-generation-from-strings"]),
      generated: true,
    });
  }, 60_000);
});
