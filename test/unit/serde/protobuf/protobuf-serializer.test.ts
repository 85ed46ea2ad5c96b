import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, SchemaNotPreparedError, WireFormatError } from "../../../../src/errors/index.js";
import { parseSchemaLockfile } from "../../../../src/registry/index.js";
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

  it("registers the import first under its path, the WKT not at all, as canonical .proto text", async () => {
    const registry = new InMemoryRegistry();
    const prepared = await new ProtobufSerializer(order, { registry }).prepare("orders");
    expect(await registry.getSubjects()).toEqual(["acme/common/money.proto", "orders-value"]);
    const stored = await registry.getById(prepared.schemaId);
    expect(stored.schema).toBe(order.file.schema);
    expect(stored.schema).toContain("message Order {\n  string id = 1;\n  map<string, string> tags = 2;\n");
    expect(stored.references).toEqual([
      { name: "acme/common/money.proto", subject: "acme/common/money.proto", version: 1 },
    ]);
    const money = await registry.getVersion("acme/common/money.proto", "latest");
    expect(money.schema).toMatch(/^syntax = "proto3";\n\npackage acme\.common;\n\nmessage Money \{\n/);
    expect(prepared).toEqual({ topic: "orders", subject: "orders-value", schemaId: 2 });
  });

  // The fingerprint's definition, computed here from the registered texts alone: SHA-256 over the JSON
  // array of the canonical texts, imports first, the well-known types left out.
  const orderFingerprint = (): string =>
    createHash("sha256")
      .update(JSON.stringify([fixture.files.get("acme/common/money.proto")?.schema, order.file.schema]))
      .digest("hex")
      .slice(0, 16);
  const lockfileOf = (entry: Record<string, unknown>, subject = "orders-value") =>
    parseSchemaLockfile({
      lockfileVersion: 1,
      subjects: {
        [subject]: { schema: "com.acme.orders.Order", version: 2, id: 77, fingerprint: orderFingerprint(), ...entry },
      },
    });

  it("writes with the id the lockfile pins and makes no registry call", async () => {
    const registry = new InMemoryRegistry();
    const serializer = new ProtobufSerializer(order, { registry, lockfile: lockfileOf({}) });
    const bytes = await serializer.serialize("orders", ORDER);
    expect(registry.calls).toEqual({});
    expect(bytes.subarray(0, 6)).toEqual(Buffer.from([0, 0, 0, 0, 77, 0]));
    expect(bytes.subarray(6)).toEqual(Buffer.from(PYTHON_ORDER, "hex").subarray(6));
    // A lockfile pulled from the registry names the file, not the message: accepted as well.
    const pulled = new ProtobufSerializer(line, { registry, lockfile: lockfileOf({ schema: order.file.path }) });
    expect((await pulled.prepare("orders")).schemaId).toBe(77);
    expect(registry.calls).toEqual({});
  });

  it("refuses a subject not in the lockfile, another message, and a changed schema, at prepare", async () => {
    const registry = new InMemoryRegistry();
    const prepare = (lockfile: ReturnType<typeof lockfileOf>) =>
      new ProtobufSerializer(order, { registry, lockfile }).prepare("orders");
    await expect(prepare(lockfileOf({}, "payments-value"))).rejects.toThrow(
      /expected subject "orders-value" in the lockfile \(run schemakit register\), got "not there"/,
    );
    await expect(prepare(lockfileOf({ schema: "com.acme.orders.Other" }))).rejects.toThrow(ConfigError);
    await expect(prepare(lockfileOf({ fingerprint: "0000000000000000" }))).rejects.toThrow(
      new RegExp(`locked with fingerprint ${orderFingerprint()}: the schema changed .*got "0000000000000000"`),
    );
    expect(registry.calls).toEqual({});
  });

  it("decodes with the descriptor Python registers for the same compiled file", () => {
    expect(order.file.descriptor).toBe(PYTHON_REGISTERED["com/acme/orders/order.proto"]);
    const money = fixture.files.get("acme/common/money.proto");
    expect(money?.descriptor).toBe(PYTHON_REGISTERED["acme/common/money.proto"]);
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

  it("reads Python's bytes when the writer schema is the base64 FileDescriptorProto Python registers", async () => {
    const registry = new InMemoryRegistry();
    const money = { schema: PYTHON_REGISTERED["acme/common/money.proto"], schemaType: "PROTOBUF" as const };
    await registry.register("acme/common/money.proto", money);
    const orderId = await registry.register("orders-value", {
      schema: PYTHON_REGISTERED["com/acme/orders/order.proto"],
      schemaType: "PROTOBUF",
      references: [{ name: "acme/common/money.proto", subject: "acme/common/money.proto", version: 1 }],
    });
    expect(orderId).toBe(2);
    const deserializer = new ProtobufDeserializer(line, { registry });
    const nested = await deserializer.deserialize("orders", Buffer.from(PYTHON_LINE, "hex"));
    expect(nested).toMatchObject({ sku: "s", quantity: 300 });
    const failure = await deserializer.deserialize("orders", Buffer.from(PYTHON_ORDER, "hex")).catch((e: unknown) => e);
    expect((failure as Error).message).toContain("[0] name message com.acme.orders.Order in the writer's schema");
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
