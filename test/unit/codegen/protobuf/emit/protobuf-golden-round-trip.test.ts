import { describe, expect, it } from "vitest";
import { ProtobufDeserializer, ProtobufSerializer } from "../../../../../src/serde/protobuf/index.js";
import { InMemoryRegistry } from "../../../../support/in-memory-registry.js";
import { Order, Order_Line, Order_Line_Note, Status } from "../../golden/mixed/com/acme/orders/order.proto.js";

// The generated classes against confluent-kafka 2.16.0's bytes (test/interop/confluent_protobuf.py serialize
// on the same .proto, mock registry: money.proto id 1, order.proto id 2), as in protobuf-serializer.test.ts.
const PYTHON_ORDER = "0000000002000a036f2d3112060a01611201621a0a0a017310021a030a017830014204444530304805";
const PYTHON_LINE = "00000000020400020a017310ac02";

const order = new Order({
  id: "o-1",
  tags: { a: "b" },
  lines: [{ sku: "s", quantity: 2, notes: [{ text: "x" }] }],
  status: Status.STATUS_PLACED,
  payment: { case: "iban", value: "DE00" },
  discount: -3n,
});

describe("generated Protobuf classes", () => {
  it("fill defaults and build nested classes from init objects", () => {
    const empty = new Order();
    expect(empty).toMatchObject({ $type: "com.acme.orders.Order", id: "", tags: {}, lines: [], status: 0 });
    expect(empty.total).toBeUndefined();
    expect(empty.discount).toBeUndefined();
    expect(empty.payment).toEqual({ case: undefined });
    expect(order.lines[0]).toBeInstanceOf(Order_Line);
    expect(order.lines[0]?.notes[0]).toBeInstanceOf(Order_Line_Note);
    expect(Order.schema.messageIndexes).toEqual([0]);
    expect(Order_Line.schema.messageIndexes).toEqual([0, 1]);
  });

  it("serialize to Python's bytes and read them back as class instances", async () => {
    const registry = new InMemoryRegistry();
    const serializer = new ProtobufSerializer(Order.schema, { registry });
    expect((await serializer.serialize("orders", order)).toString("hex")).toBe(PYTHON_ORDER);
    const lines = new ProtobufSerializer(Order_Line.schema, { registry });
    expect((await lines.serialize("lines", new Order_Line({ sku: "s", quantity: 300 }))).toString("hex")).toBe(
      PYTHON_LINE,
    );

    const read = await new ProtobufDeserializer(Order.schema, { registry }).deserialize(
      "orders",
      Buffer.from(PYTHON_ORDER, "hex"),
    );
    expect(read).toBeInstanceOf(Order);
    expect(read.lines[0]).toBeInstanceOf(Order_Line);
    expect(read.lines[0]?.notes[0]).toBeInstanceOf(Order_Line_Note);
    expect({
      ...read,
      lines: read.lines.map((line) => ({ ...line, notes: line.notes.map((n) => ({ ...n })) })),
    }).toEqual({
      ...order,
      lines: order.lines.map((line) => ({ ...line, notes: line.notes.map((n) => ({ ...n })) })),
    });
  });
});
