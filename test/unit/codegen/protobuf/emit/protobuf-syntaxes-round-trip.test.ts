import { describe, expect, it } from "vitest";
import { ProtobufDeserializer, ProtobufSerializer } from "../../../../../src/serde/protobuf/index.js";
import { InMemoryRegistry } from "../../../../support/in-memory-registry.js";
import { Carrier, Shipment } from "../../golden/protobuf/syntaxes/legacy/shipment.proto.js";
import { Reading, Reading_Unit } from "../../golden/protobuf/syntaxes/modern/reading.proto.js";

// Expected bytes from confluent-kafka 2.16.0 / protobuf 7.36.2 (test/interop/confluent_protobuf.py serialize,
// mock registry: shipment.proto id 1, reading.proto id 2) for these Protobuf-JSON inputs:
//   legacy.Shipment {"id":"x","parcelIds":["18446744073709551615"],"deltas":[-1,2],"children":{"-7":{"id":"c"}},
//                    "carrier":"CARRIER_COURIER"}
//   modern.Reading  {"sensor":"t1","value":"0","window":"1.5s","samples":[1.5],"fromCounter":"9007199254740993",
//                    "unit":"UNIT_CELSIUS","units":{"a":"UNIT_CELSIUS"}}
const PYTHON_SHIPMENT = "0000000001000a0178180221ffffffffffffffff2a020104321008f9ffffffffffffffff0112030a0163";
const PYTHON_READING = "0000000002000a0274311a0808011080cab5ee0122040000c03f38818080808080801040014a050a01611001";

describe("generated classes for proto2 and editions 2023", () => {
  it("proto2: required, unpacked fixed64, packed sint32, int32-keyed map, closed enum: Python's bytes", async () => {
    const registry = new InMemoryRegistry();
    const shipment = new Shipment({
      id: "x",
      parcelIds: [18_446_744_073_709_551_615n],
      deltas: [-1, 2],
      children: { [-7]: { id: "c" } },
      carrier: Carrier.CARRIER_COURIER,
    });
    const serializer = new ProtobufSerializer(Shipment.schema, { registry });
    expect((await serializer.serialize("shipments", shipment)).toString("hex")).toBe(PYTHON_SHIPMENT);
  });

  it("proto2: an unset field with [default = 3] stays unset through a read, so re-encoding adds nothing", async () => {
    const registry = new InMemoryRegistry();
    const serializer = new ProtobufSerializer(Shipment.schema, { registry });
    await serializer.prepare("shipments");
    const read = await new ProtobufDeserializer(Shipment.schema, { registry }).deserialize(
      "shipments",
      Buffer.from(PYTHON_SHIPMENT, "hex"),
    );
    expect(read).toBeInstanceOf(Shipment);
    expect(read.attempts).toBeUndefined();
    expect(read.children[-7]).toBeInstanceOf(Shipment);
    expect((await serializer.serialize("shipments", read)).toString("hex")).toBe(PYTHON_SHIPMENT);
  });

  it("editions 2023: implicit presence omits zero, repeated scalars are packed, WKT and oneof as Python", async () => {
    const registry = new InMemoryRegistry();
    const reading = new Reading({
      sensor: "t1",
      value: 0n,
      window: { seconds: 1n, nanos: 500_000_000 },
      samples: [1.5],
      source: { case: "fromCounter", value: 9_007_199_254_740_993n },
      unit: Reading_Unit.UNIT_CELSIUS,
      units: { a: Reading_Unit.UNIT_CELSIUS },
    });
    const serializer = new ProtobufSerializer(Reading.schema, { registry });
    expect((await serializer.serialize("readings", reading)).toString("hex")).toBe(PYTHON_READING);
    const read = await new ProtobufDeserializer(Reading.schema, { registry }).deserialize(
      "readings",
      Buffer.from(PYTHON_READING, "hex"),
    );
    expect(read.source).toEqual({ case: "fromCounter", value: 9_007_199_254_740_993n });
    expect(read.window?.nanos).toBe(500_000_000);
    expect((await serializer.serialize("readings", read)).toString("hex")).toBe(PYTHON_READING);
  });
});
