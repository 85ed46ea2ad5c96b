import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SchemaNotPreparedError, WireFormatError } from "../../../../src/errors/index.js";
import { ProtobufDeserializer, ProtobufSerializer } from "../../../../src/serde/protobuf/index.js";
import { InMemoryRegistry } from "../../../support/in-memory-registry.js";
import { compiledOrderFixture, PROTO_FIXTURES } from "./compiled-fixture.js";

// Expected bytes come from confluent-kafka 2.16.0's ProtobufSerializer (test/interop/confluent_protobuf.py
// serialize, mock registry: money.proto got id 1, order.proto id 2), never from schemakit's round trip.
// Python's input, in Protobuf's JSON mapping: {"id":"o-1","tags":{"a":"b"},"lines":[{"sku":"s","quantity":2,
// "notes":[{"text":"x"}]}],"status":"STATUS_PLACED","iban":"DE00","discount":"-3"}; and {"sku":"s","quantity":300}.
const PYTHON_ORDER = "0000000002000a036f2d3112060a01611201621a0a0a017310021a030a017830014204444530304805";
const PYTHON_LINE = "00000000020400020a017310ac02";
const PYTHON_REGISTERED = {
  "com/acme/orders/order.proto": readFileSync(join(PROTO_FIXTURES, "python/order.proto.b64"), "utf8").trim(),
  "acme/common/money.proto": readFileSync(join(PROTO_FIXTURES, "python/money.proto.b64"), "utf8").trim(),
};

// The same order as PYTHON_ORDER_JSON, in @bufbuild/protobuf's init shape (oneof as { case, value }).
const ORDER = {
  id: "o-1",
  tags: { a: "b" },
  lines: [{ sku: "s", quantity: 2, notes: [{ text: "x" }] }],
  status: 1,
  payment: { case: "iban", value: "DE00" },
  discount: -3n,
};

describe("ProtobufSerializer", async () => {
  const fixture = await compiledOrderFixture();
  const order = fixture.message("com.acme.orders.Order");
  const line = fixture.message("com.acme.orders.Order.Line");

  it("registers the import first under its path, the well-known type not at all, the same text as Python", async () => {
    const registry = new InMemoryRegistry();
    const prepared = await new ProtobufSerializer(order, { registry }).prepare("orders");
    expect(await registry.getSubjects()).toEqual(["acme/common/money.proto", "orders-value"]);
    const stored = await registry.getById(prepared.schemaId);
    expect(stored.schema).toBe(PYTHON_REGISTERED["com/acme/orders/order.proto"]);
    expect(stored.references).toEqual([
      { name: "acme/common/money.proto", subject: "acme/common/money.proto", version: 1 },
    ]);
    const money = await registry.getVersion("acme/common/money.proto", "latest");
    expect(money.schema).toBe(PYTHON_REGISTERED["acme/common/money.proto"]);
    expect(prepared).toEqual({ topic: "orders", subject: "orders-value", schemaId: 2 });
  });

  it("writes Python's bytes: indexes [0] as one 0x00, then the payload in field-number order", async () => {
    const serializer = new ProtobufSerializer(order, { registry: new InMemoryRegistry() });
    expect((await serializer.serialize("orders", ORDER)).toString("hex")).toBe(PYTHON_ORDER);
  });

  it("writes a nested message declared after a map field with indexes [0, 1], as Python does", async () => {
    const registry = new InMemoryRegistry();
    const serializer = new ProtobufSerializer(line, { registry });
    await serializer.prepare("lines");
    expect(serializer.serializeSync("lines", { sku: "s", quantity: 300 }).toString("hex")).toBe(PYTHON_LINE);
  });

  it("registers once: a second serializer and a second topic under the record strategy reuse the id", async () => {
    const registry = new InMemoryRegistry();
    const first = await new ProtobufSerializer(order, { registry }).prepare("a");
    const second = await new ProtobufSerializer(order, { registry, subjectNameStrategy: "record" }).prepare("b");
    expect(second).toEqual({ topic: "b", subject: "com.acme.orders.Order", schemaId: first.schemaId });
  });

  it("throws SchemaNotPreparedError from serializeSync before prepare", () => {
    const serializer = new ProtobufSerializer(order, { registry: new InMemoryRegistry() });
    expect(() => serializer.serializeSync("orders", ORDER)).toThrow(SchemaNotPreparedError);
  });

  it("looks the schema up without registering when autoRegister is false", async () => {
    const registry = new InMemoryRegistry();
    await expect(new ProtobufSerializer(order, { registry, autoRegister: false }).prepare("t")).rejects.toThrow();
    const registered = await new ProtobufSerializer(order, { registry }).prepare("t");
    expect(await new ProtobufSerializer(order, { registry, autoRegister: false }).prepare("t")).toEqual(registered);
  });
});

describe("ProtobufDeserializer", async () => {
  const fixture = await compiledOrderFixture();
  const order = fixture.message("com.acme.orders.Order");
  const line = fixture.message("com.acme.orders.Order.Line");

  it("reads Python's bytes (writer schema by id from the registry)", async () => {
    const registry = new InMemoryRegistry();
    await new ProtobufSerializer(order, { registry }).prepare("orders");
    const read = await new ProtobufDeserializer(order, { registry }).deserialize(
      "orders",
      Buffer.from(PYTHON_ORDER, "hex"),
    );
    expect(read).toMatchObject(ORDER);
    const nested = await new ProtobufDeserializer(line, { registry }).deserialize(
      "orders",
      Buffer.from(PYTHON_LINE, "hex"),
    );
    expect(nested).toMatchObject({ sku: "s", quantity: 300, notes: [] });
  });

  it("refuses bytes whose indexes name another message of the writer's file, naming both", async () => {
    const registry = new InMemoryRegistry();
    await new ProtobufSerializer(order, { registry }).prepare("orders");
    const deserializer = new ProtobufDeserializer(order, { registry });
    const failure = await deserializer.deserialize("orders", Buffer.from(PYTHON_LINE, "hex")).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WireFormatError);
    expect((failure as Error).message).toContain("[0,1] name message com.acme.orders.Order.Line");
    expect((failure as Error).message).toContain("not the reader's com.acme.orders.Order");
    const nowhere = Buffer.from("0000000002040012", "hex");
    await expect(deserializer.deserialize("orders", nowhere)).rejects.toThrow(/name no message/);
  });

  it("refuses truncated or hostile indexes and payloads with WireFormatError", async () => {
    const registry = new InMemoryRegistry();
    await new ProtobufSerializer(order, { registry }).prepare("orders");
    const deserializer = new ProtobufDeserializer(order, { registry });
    for (const hex of ["000000000204", "0000000002feffffff0f", "000000000200ff"]) {
      await expect(deserializer.deserialize("orders", Buffer.from(hex, "hex"))).rejects.toBeInstanceOf(WireFormatError);
    }
  });
});
