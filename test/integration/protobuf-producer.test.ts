import { afterAll, describe, expect, it } from "vitest";
import { createProducer } from "../../src/producer/index.js";
import { SchemaRegistry } from "../../src/registry/index.js";
import { defineTopic } from "../../src/runtime/v1/index.js";
import { createDeserializer } from "../../src/serde/index.js";
import { KafkaReader } from "../support/kafka-reader.js";
import { requireServices, uniqueName } from "../support/services.js";
import { Money } from "../unit/codegen/golden/mixed/acme/common/money.proto.js";
import { Order, OrderPlaced, Status } from "../unit/codegen/golden/mixed/com/acme/orders/order.proto.js";
import { ordersTopic } from "../unit/codegen/golden/mixed/topics.js";

// Typed Protobuf topics through the real broker and registry, with the classes and bindings
// `schemakit generate` wrote for the mixed Avro + Protobuf golden config; records are read back with
// a kafkajs consumer and schemakit's Protobuf deserializer.

const services = requireServices();
let registry: SchemaRegistry | undefined;
let reader: KafkaReader | undefined;

function clients(): { registry: SchemaRegistry; reader: KafkaReader } {
  registry ??= new SchemaRegistry({ url: services().schemaRegistryUrl });
  reader ??= new KafkaReader(services().kafkaBrokers);
  return { registry, reader };
}

afterAll(async () => {
  await registry?.close();
  await reader?.close();
});

function order(i: number): Order {
  return new Order({
    id: `order-${i}`,
    tags: { n: String(i) },
    lines: [{ sku: `sku-${i % 7}`, quantity: i, notes: [{ text: "fragile" }] }],
    total: { currency: "EUR", units: BigInt(i) * 1_000_000_007n, nanos: i },
    placedAt: { seconds: BigInt(1_767_225_600 + i), nanos: 999_999_999 },
    status: Status.STATUS_PLACED,
    payment: i % 2 === 0 ? { case: "cardToken", value: `tok-${i}` } : { case: "iban", value: "DE89" },
    ...(i % 3 === 0 ? {} : { discount: BigInt(-i) }),
  });
}

describe("typed Protobuf topics against a real broker and registry", () => {
  it("sends generated Order classes on a generated binding (keys from a field), read back equal", async () => {
    const topic = uniqueName("proto-orders");
    await clients().reader.createTopic(topic, 3);
    const producer = createProducer({ brokers: services().kafkaBrokers, registry: clients().registry });
    // The generated binding, on a topic of this run: same value class, key field and partitioner.
    expect(ordersTopic).toMatchObject({ value: Order, key: "string", keyField: "id", partitioner: "consistent-hash" });
    const orders = producer.topic(defineTopic({ topic, value: Order, keyField: "id", partitioner: "consistent-hash" }));
    const count = 200;
    const sent = Array.from({ length: count }, (_, i) => order(i));
    const metadata = await Promise.all(sent.map((value) => orders.send(value)));
    await producer.close();

    const subject = await clients().registry.getVersion(`${topic}-value`, "latest");
    expect(subject.schema).toBe(Order.schema.file.schema);
    expect(subject.references).toEqual([
      { name: "acme/common/money.proto", subject: "acme/common/money.proto", version: expect.any(Number) },
    ]);
    expect(new Set(metadata.map((meta) => meta.schemaId))).toEqual(new Set([subject.id]));

    const read = await clients().reader.readAll(topic, count);
    const deserializer = createDeserializer(Order, { registry: clients().registry });
    const back = new Map<string, Order>();
    for (const record of read) {
      const value = await deserializer.deserialize(topic, record.value);
      expect(value).toBeInstanceOf(Order);
      expect(record.key?.toString("utf8")).toBe(value.id);
      back.set(value.id, value);
    }
    expect(back.size).toBe(count);
    for (const value of sent) expect(back.get(value.id)).toEqual(value);
  });

  it("sends with a Protobuf key class: the key is framed under <topic>-key and reads back", async () => {
    const topic = uniqueName("proto-placed");
    await clients().reader.createTopic(topic, 2);
    const producer = createProducer({ brokers: services().kafkaBrokers, registry: clients().registry });
    const placed = producer.topic(topic, {
      value: OrderPlaced,
      key: Money,
      keyMaker: (record) => (record instanceof OrderPlaced ? record.order?.total : undefined),
    });
    const values = Array.from({ length: 20 }, (_, i) => new OrderPlaced({ order: order(i) }));
    await Promise.all(values.map((value) => placed.send(value)));
    await producer.close();

    const keySubject = await clients().registry.getVersion(`${topic}-key`, "latest");
    expect(keySubject.schema).toBe(Money.schema.file.schema);
    const read = await clients().reader.readAll(topic, values.length);
    const keys = createDeserializer(Money, { registry: clients().registry });
    const bodies = createDeserializer(OrderPlaced, { registry: clients().registry });
    for (const record of read) {
      expect(record.key).not.toBeNull();
      const key = await keys.deserialize(topic, record.key ?? Buffer.alloc(0));
      const value = await bodies.deserialize(topic, record.value);
      expect(key).toEqual(value.order?.total);
    }
  });
});
