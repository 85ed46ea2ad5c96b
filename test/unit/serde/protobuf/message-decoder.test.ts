import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { create, type DescField, type DescMessage, fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { WireFormatError } from "../../../../src/errors/index.js";
import type { AnyProtobufMessageDesc } from "../../../../src/schema/index.js";
import { MalformedProtobuf } from "../../../../src/serde/protobuf/binary-reader.js";
import { compileMessageDecoder, type MessageDecoder } from "../../../../src/serde/protobuf/message-decoder.js";
import { ProtobufDeserializer, ProtobufSerializer } from "../../../../src/serde/protobuf/index.js";
import { compiledMessage } from "../../../../src/serde/protobuf/protobuf-schemas.js";
import { restoreUnknownFields } from "../../../../src/serde/protobuf/unknown-fields.js";
import { seededRandom } from "../../../support/seeded-random.js";
import { UserEvent } from "../../../bench/protobuf/generated/com/example/bench/user_event.proto.js";
import { InMemoryRegistry } from "../../../support/in-memory-registry.js";
import { Order } from "../../codegen/golden/mixed/com/acme/orders/order.proto.js";
import { Shipment } from "../../codegen/golden/protobuf/syntaxes/legacy/shipment.proto.js";
import { Reading } from "../../codegen/golden/protobuf/syntaxes/modern/reading.proto.js";
import { fixtureMessages, int, randomValue } from "./random-messages.js";

// The compiled decoder against @bufbuild/protobuf's fromBinary (it passes the Protobuf conformance suite):
// random values (fixed seed) of every fixture message are written by toBinary and read both ways; two
// records concatenated (protobuf's merge: repeated fields append, map keys replaced, messages merged) too;
// Python's records; generated classes built from either read. Hostile bytes give a value or a
// MalformedProtobuf, nothing else.

const SEED = 0x0dec_2026;
const VALUES_PER_MESSAGE = 200;

type Indexable = Record<string, unknown>;

function encode(desc: DescMessage, value: Indexable): Buffer {
  const message = create(desc, value as never);
  restoreUnknownFields(desc, message, value);
  return Buffer.from(toBinary(desc, message));
}

// fromBinary's message as the decoder makes it: the same fields, without `$typeName`.
function withoutTypeNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTypeNames);
  if (typeof value !== "object" || value === null || value instanceof Uint8Array) return value;
  const copy: Indexable = {};
  for (const [key, item] of Object.entries(value)) {
    // Defined, not assigned: a map key "__proto__" stays an own entry.
    const property = { value: withoutTypeNames(item), enumerable: true, writable: true, configurable: true };
    if (key !== "$typeName") Object.defineProperty(copy, key, property);
  }
  return copy;
}

// fromBinary loses a closed enum's unknown number when the same message has other unknown fields (it keeps
// the list it started with, and the enum's entry went to a new one): such values keep no other unknown
// fields here (none at all with `dropUnknown`), and the decoder's keeping both is tested on its own.
function comparable(desc: DescMessage, value: Indexable, dropUnknown = false): Indexable {
  const copy: Indexable = { ...value };
  if (dropUnknown) delete copy["$unknown"];
  const outside = (field: DescField, number: unknown): boolean =>
    field.fieldKind === "enum" && !field.enum.open && !field.enum.values.some((known) => known.number === number);
  for (const field of desc.fields) {
    const held = field.oneof === undefined ? copy[field.localName] : oneofValue(copy, field);
    if (outside(field, held)) delete copy["$unknown"];
    if (held === undefined || held === null) continue;
    if (field.fieldKind === "message") {
      const nested = comparable(field.message, held as Indexable, dropUnknown);
      if (field.oneof === undefined) copy[field.localName] = nested;
      else copy[field.oneof.localName] = { case: field.localName, value: nested };
    } else if (field.fieldKind === "list" && field.listKind === "message") {
      const message = field.message;
      copy[field.localName] = (held as Indexable[]).map((item) => comparable(message, item, dropUnknown));
    } else if (field.fieldKind === "map" && field.mapKind === "message") {
      const message = field.message;
      copy[field.localName] = Object.fromEntries(
        Object.entries(held as Record<string, Indexable>).map(([key, item]) => [
          key,
          comparable(message, item, dropUnknown),
        ]),
      );
    }
  }
  return copy;
}

function oneofValue(message: Indexable, field: DescField): unknown {
  const oneof = message[field.oneof?.localName ?? ""] as { case?: unknown; value?: unknown } | undefined;
  return oneof?.case === field.localName ? oneof.value : undefined;
}

function expected(desc: DescMessage, bytes: Buffer): unknown {
  return withoutTypeNames(fromBinary(desc, bytes));
}

function decoderOf(desc: DescMessage): MessageDecoder {
  const decoder = compileMessageDecoder(desc);
  if (decoder === undefined) throw new Error(`${desc.typeName} is not compiled`);
  return decoder;
}

/** Decodes, answering the value or the MalformedProtobuf; any other error fails the test. */
function decodeHostile(decoder: MessageDecoder, bytes: Buffer): unknown {
  try {
    return decoder(bytes, 0);
  } catch (error) {
    if (error instanceof MalformedProtobuf) return error;
    throw new Error(`${bytes.toString("hex")}: ${String(error)}`, { cause: error });
  }
}

// Python's records (confluent-kafka 2.16.0, protobuf 7.36.2), as the serde tests keep them: the framing
// (magic byte, id, message indexes) and the payload after it.
const PYTHON_RECORDS = [
  {
    name: "legacy.Shipment",
    hex: "0000000001000a0178180221ffffffffffffffff2a020104321008f9ffffffffffffffff0112030a0163",
  },
  {
    name: "modern.Reading",
    hex: "0000000002000a0274311a0808011080cab5ee0122040000c03f38818080808080801040014a050a01611001",
  },
  {
    name: "com.acme.orders.Order",
    hex: "0000000002000a036f2d3112060a01611201621a0a0a017310021a030a017830014204444530304805",
  },
  { name: "com.acme.orders.Order.Line", hex: "00000000020400020a017310ac02", payloadOffset: 8 },
];

describe("compiled message decoder", async () => {
  const messages = await fixtureMessages();
  const byName = new Map(messages.map((desc) => [desc.typeName, desc]));
  const named = (name: string): DescMessage => {
    const desc = byName.get(name);
    if (desc === undefined) throw new Error(`no fixture message ${name}`);
    return desc;
  };

  it("covers every fixture message but the ones whose local shape is not the message itself", () => {
    const uncovered = messages.filter((desc) => compileMessageDecoder(desc) === undefined).map((desc) => desc.typeName);
    expect(uncovered.sort(), uncovered.join()).toEqual([
      "google.protobuf.ListValue",
      "google.protobuf.Struct",
      "google.protobuf.Value",
      // An Int64Value field (unboxed to a bigint) and a Struct field (a JSON object).
      "shapes.v1.Everything",
    ]);
  });

  it("reads toBinary's bytes of random values of every covered message as fromBinary does", () => {
    const random = seededRandom(SEED);
    let compared = 0;
    for (const desc of messages) {
      const decoder = compileMessageDecoder(desc);
      if (decoder === undefined) continue;
      for (let i = 0; i < VALUES_PER_MESSAGE; i += 1) {
        const bytes = encode(desc, comparable(desc, randomValue(random, desc, 0)));
        expect(decoder(bytes, 0), `${desc.typeName} ${bytes.toString("hex")}`).toEqual(expected(desc, bytes));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(10 * VALUES_PER_MESSAGE);
  }, 60_000);

  it("merges two records concatenated as fromBinary does (lists append, map keys replaced, messages merged)", () => {
    const random = seededRandom(SEED + 1);
    for (const desc of messages) {
      const decoder = compileMessageDecoder(desc);
      if (decoder === undefined) continue;
      for (let i = 0; i < 50; i += 1) {
        // Without unknown fields: a closed enum's unknown number in one record and an unknown field in the
        // other would meet fromBinary's loss again.
        const first = encode(desc, comparable(desc, randomValue(random, desc, 0), true));
        const bytes = Buffer.concat([first, encode(desc, comparable(desc, randomValue(random, desc, 0), true))]);
        expect(decoder(bytes, 0), `${desc.typeName} ${bytes.toString("hex")}`).toEqual(expected(desc, bytes));
      }
    }
  }, 60_000);

  it("builds the same generated class instances as fromBinary's messages do", () => {
    const random = seededRandom(SEED + 2);
    const classes: AnyProtobufMessageDesc[] = [UserEvent.schema, Shipment.schema, Reading.schema, Order.schema];
    for (const type of classes) {
      const desc = compiledMessage(type);
      const decoder = decoderOf(desc);
      for (let i = 0; i < VALUES_PER_MESSAGE; i += 1) {
        const bytes = encode(desc, comparable(desc, randomValue(random, desc, 0)));
        const instance = type.create(decoder(bytes, 0) as never);
        expect(type.isInstance?.(instance)).toBe(true);
        expect(instance).toEqual(type.create(fromBinary(desc, bytes) as never));
      }
    }
  });

  it("reads Python's records as fromBinary does", () => {
    for (const { name, hex, payloadOffset = 6 } of PYTHON_RECORDS) {
      const desc = named(name);
      const payload = Buffer.from(hex, "hex").subarray(payloadOffset);
      expect(decoderOf(desc)(payload, 0), name).toEqual(expected(desc, payload));
      // At an offset into the framed record, as the deserializer reads it.
      expect(decoderOf(desc)(Buffer.from(hex, "hex"), payloadOffset), name).toEqual(expected(desc, payload));
    }
  });

  it("reads repeated scalars packed or not, whatever the descriptor says", () => {
    const shipment = named("legacy.Shipment");
    // id "x"; parcel_ids (unpacked fixed64 in proto2) packed: 1, 2; deltas ([packed = true] sint32) unpacked:
    // -1, 2, then one more packed run: 3.
    const bytes = Buffer.from(
      "0a0178" + "2210" + "0100000000000000" + "0200000000000000" + "2801" + "2804" + "210300000000000000" + "2a0106",
      "hex",
    );
    const decoded = decoderOf(shipment)(bytes, 0);
    expect(decoded).toEqual(expected(shipment, bytes));
    expect(decoded["parcelIds"]).toEqual([1n, 2n, 3n]);
    expect(decoded["deltas"]).toEqual([-1, 2, 3]);
  });

  it("keeps unknown numbers of open enums and moves a closed enum's unknown number to unknown fields", () => {
    const shipment = named("legacy.Shipment");
    // carrier = 9 (not a Carrier), written as the varint protobuf writes for it.
    const closed = Buffer.from("0a01781809", "hex");
    const decodedShipment = decoderOf(shipment)(closed, 0);
    expect(decodedShipment).toEqual(expected(shipment, closed));
    expect(decodedShipment["carrier"]).toBeUndefined();
    expect(decodedShipment["$unknown"]).toEqual([{ no: 3, wireType: 0, data: Uint8Array.of(9) }]);
    // With a field it does not declare as well, both are kept (fromBinary keeps only the undeclared field).
    const both = Buffer.from("0a01781809a00601", "hex");
    expect(decoderOf(shipment)(both, 0)["$unknown"]).toEqual([
      { no: 3, wireType: 0, data: Uint8Array.of(9) },
      { no: 100, wireType: 0, data: Buffer.from("01", "hex") },
    ]);
    const userEvent = named("com.example.bench.UserEvent");
    const open = Buffer.from("1863", "hex");
    expect(decoderOf(userEvent)(open, 0)["eventType"]).toBe(99);
  });

  it("keeps a map key named __proto__ as an own entry, not the record's prototype", () => {
    const userEvent = named("com.example.bench.UserEvent");
    // counters (field 8) entry: key "__proto__", value 5.
    const bytes = Buffer.from("420d0a095f5f70726f746f5f5f1005", "hex");
    const counters = decoderOf(userEvent)(bytes, 0)["counters"] as Indexable;
    expect(Object.getPrototypeOf(counters)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(counters, "__proto__")?.value).toBe(5n);
    expect(decoderOf(userEvent)(bytes, 0)).toEqual(expected(userEvent, bytes));
  });

  it("keeps a declared field read with another wire type as an unknown field, as protobuf's parsers do", () => {
    const userEvent = named("com.example.bench.UserEvent");
    // user_id (string, field 1) as a varint 5, then count (int32, field 11) as fixed32.
    const bytes = Buffer.from("0805" + "5d07000000", "hex");
    const decoded = decoderOf(userEvent)(bytes, 0);
    expect(decoded["userId"]).toBe("");
    expect(decoded["count"]).toBe(0);
    expect(decoded["$unknown"]).toEqual([
      { no: 1, wireType: 0, data: Buffer.from("05", "hex") },
      { no: 11, wireType: 5, data: Buffer.from("07000000", "hex") },
    ]);
  });

  it("refuses invalid UTF-8 where the field validates it and replaces it where it does not, as fromBinary", () => {
    const userEvent = named("com.example.bench.UserEvent");
    const invalid = Buffer.from("0a03" + "61ff62", "hex");
    expect(() => fromBinary(userEvent, invalid)).toThrow();
    expect(() => decoderOf(userEvent)(invalid, 0)).toThrow(MalformedProtobuf);
    const long = Buffer.from(`0a20${"61".repeat(30)}c328`, "hex");
    expect(() => decoderOf(userEvent)(long, 0)).toThrow(MalformedProtobuf);
    // U+FFFD itself is valid text; so is a leading U+FEFF, kept.
    const replacement = Buffer.from(`0a14efbbbf${"61".repeat(14)}efbfbd`, "hex");
    expect(decoderOf(userEvent)(replacement, 0)).toEqual(expected(userEvent, replacement));
    // proto2 strings are not validated: invalid sequences become U+FFFD.
    const shipment = named("legacy.Shipment");
    for (const hex of ["0a0361ff62", `0a20${"61".repeat(29)}e282c0`, "0a04eda080ff"]) {
      const bytes = Buffer.from(hex, "hex");
      expect(decoderOf(shipment)(bytes, 0), hex).toEqual(expected(shipment, bytes));
    }
  });

  it("answers MalformedProtobuf for bytes that are not a message", () => {
    const userEvent = decoderOf(named("com.example.bench.UserEvent"));
    const cases: Record<string, string> = {
      "varint over 10 bytes": "10ffffffffffffffffffff01",
      "length past the end": "0a05616263",
      "length of 2^32 - 1": "0affffffff0f61",
      "nested length past its message": "4a0a0900",
      "value past a nested message's end": "4a05090000000000",
      "wire type 6": "0e",
      "wire type 7": "0f",
      "field number 0": "0001",
      "tag over 32 bits": "80808080800101",
      "end-group tag never opened": "6c",
      "group never closed": "6b0801",
      "group closed by another field": "6b0801740000",
      "truncated fixed64": "2900000000",
    };
    for (const [name, hex] of Object.entries(cases)) {
      expect(() => userEvent(Buffer.from(hex, "hex"), 0), name).toThrow(MalformedProtobuf);
    }
  });

  it("refuses messages nested deeper than fromBinary's limit", () => {
    const shipment = named("legacy.Shipment");
    // children (field 6): map<int32, Shipment>, each value a Shipment holding the next.
    let bytes: Buffer = Buffer.from("0a0178", "hex");
    const nest = (inner: Buffer): Buffer => {
      const value = Buffer.concat([Buffer.from([0x12]), varint(inner.length), inner]);
      const entry = Buffer.concat([Buffer.from([0x08, 0x01]), value]);
      return Buffer.concat([Buffer.from([0x32]), varint(entry.length), entry]);
    };
    for (let depth = 1; depth < 100; depth += 1) bytes = nest(bytes);
    expect(decoderOf(shipment)(bytes, 0)).toEqual(expected(shipment, bytes));
    const deeper = nest(bytes);
    expect(() => fromBinary(shipment, deeper)).toThrow();
    expect(() => decoderOf(shipment)(deeper, 0)).toThrow(MalformedProtobuf);
  });

  it("gives a value or a MalformedProtobuf for records cut at every offset, altered bytes and random bytes", () => {
    const random = seededRandom(SEED + 3);
    let malformed = 0;
    for (const desc of messages) {
      const decoder = compileMessageDecoder(desc);
      if (decoder === undefined) continue;
      for (let i = 0; i < 10; i += 1) {
        const bytes = encode(desc, randomValue(random, desc, 0));
        for (let cut = 0; cut < bytes.length; cut += 1) {
          if (decodeHostile(decoder, bytes.subarray(0, cut)) instanceof MalformedProtobuf) malformed += 1;
        }
        for (let flip = 0; flip < 20 && bytes.length > 0; flip += 1) {
          const altered = Buffer.from(bytes);
          altered[int(random, 0, altered.length - 1)] = int(random, 0, 255);
          decodeHostile(decoder, altered);
        }
      }
      for (let i = 0; i < 200; i += 1) {
        decodeHostile(decoder, Buffer.from(Array.from({ length: int(random, 1, 64) }, () => int(random, 0, 255))));
      }
    }
    expect(malformed).toBeGreaterThan(100);
  }, 60_000);
});

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

describe("ProtobufDeserializer with a generated class", () => {
  it("reads into class instances, and wraps a malformed payload in a WireFormatError", async () => {
    const registry = new InMemoryRegistry();
    const event = new UserEvent({ userId: "u-1", ts: -5n, tags: ["a", "b"], counters: { c: 7n }, geo: { lat: 1.5 } });
    const framed = await new ProtobufSerializer(UserEvent.schema, { registry }).serialize("events", event);
    const deserializer = new ProtobufDeserializer(UserEvent.schema, { registry });
    const read = await deserializer.deserialize("events", framed);
    expect(read).toBeInstanceOf(UserEvent);
    expect(read).toEqual(event);
    const failure = (() => {
      try {
        return deserializer.deserializeSync("events", framed.subarray(0, framed.length - 3));
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(WireFormatError);
    expect((failure as WireFormatError).cause).toBeInstanceOf(MalformedProtobuf);
    expect((failure as WireFormatError).message).toContain("com.example.bench.UserEvent");
  });
});

describe("where the runtime refuses code generation from strings", () => {
  it("compiles no decoder, and the deserializer reads with fromBinary instead", () => {
    const module = (path: string): string => JSON.stringify(new URL(path, import.meta.url).href);
    const script = `
      import { compileMessageDecoder } from ${module("../../../../src/serde/protobuf/message-decoder.ts")};
      import { ProtobufDeserializer, ProtobufSerializer, compiledMessage }
        from ${module("../../../../src/serde/protobuf/index.ts")};
      import { InMemoryRegistry } from ${module("../../../support/in-memory-registry.ts")};
      import { UserEvent } from ${module("../../../bench/protobuf/generated/com/example/bench/user_event.proto.ts")};
      const registry = new InMemoryRegistry();
      const event = new UserEvent({ userId: "u", ts: 3n, counters: { a: 1n } });
      const framed = await new ProtobufSerializer(UserEvent.schema, { registry }).serialize("t", event);
      const read = await new ProtobufDeserializer(UserEvent.schema, { registry }).deserialize("t", framed);
      const compiled = compileMessageDecoder(compiledMessage(UserEvent.schema)) !== undefined;
      const instance = read instanceof UserEvent;
      console.log(JSON.stringify({ compiled, instance, userId: read.userId, ts: String(read.ts) }));
    `;
    const output = execFileSync(
      process.execPath,
      ["--disallow-code-generation-from-strings", "--import", "tsx", "--input-type=module", "--eval", script],
      { cwd: fileURLToPath(new URL("../../../../", import.meta.url)), encoding: "utf8" },
    );
    expect(JSON.parse(output.trim().split("\n").at(-1) ?? "")).toEqual({
      compiled: false,
      instance: true,
      userId: "u",
      ts: "3",
    });
  }, 60_000);
});
