import { describe, expect, it } from "vitest";
import {
  BufferFullError,
  PartitionError,
  ProduceError,
  ProducerClosedError,
  RecordTooLargeError,
  SerializationError,
} from "../../../src/errors/index.js";
import { createProducer, murmur2, toPositive, type ProducerOptions } from "../../../src/producer/index.js";
import { createDeserializer } from "../../../src/serde/index.js";
import { FakeTransport } from "../../support/fake-transport.js";
import { InMemoryRegistry } from "../../support/in-memory-registry.js";
import { manualClock } from "../../support/manual-clock.js";
import { User } from "../codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";
import { OrderPlaced } from "../codegen/golden/cross-file/com/acme/orders/order-placed.avro.js";
import { Money } from "../codegen/golden/cross-file/com/acme/shared/money.avro.js";
import { OrderLine } from "../codegen/golden/cross-file/com/acme/orders/order-line.avro.js";
import { parseSchemaLockfile } from "../../../src/registry/index.js";
import { ordersLinesTopic, ordersPlacedV1Topic } from "../codegen/golden/cross-file/topics.js";

function setup(options: Partial<ProducerOptions> = {}) {
  const transport = new FakeTransport();
  transport.partitions.set("users", 6);
  transport.partitions.set("orders.placed.v1", 12);
  const registry = new InMemoryRegistry();
  const errors: Error[] = [];
  const producer = createProducer({
    registry,
    transport,
    lingerMs: 0,
    onError: (error) => errors.push(error),
    ...options,
  });
  const users = producer.topic("users", { value: User, key: "string", keyMaker: (user) => user.id });
  return { transport, registry, producer, users, errors };
}

const user = (id: string): User => new User({ id, name: `name of ${id}`, legacyScore: 1 });

describe("Producer (fake transport, in-memory registry)", () => {
  it("sends a typed record, resolves with its metadata: Java's partition for the key, offset, schema id", async () => {
    const { producer, users, registry, transport } = setup();
    const meta = await users.send(user("user:1001"), { timestamp: 1_700_000_000_000 });
    const expectedPartition = toPositive(murmur2(Buffer.from("user:1001"))) % 6;
    expect(meta).toEqual({
      topic: "users",
      partition: expectedPartition,
      offset: "0",
      timestamp: 1_700_000_000_000,
      schemaId: (await registry.getVersion("users-value", "latest")).id,
    });
    const [written] = transport.records("users", expectedPartition);
    expect(await createDeserializer(User, { registry }).deserialize("users", written as Buffer)).toStrictEqual(
      user("user:1001"),
    );
    await producer.close();
    expect(transport.disconnected).toBe(true);
  });

  it("sendNoAck sends without a promise: failures reach onError alone, and flush waits for the rest", async () => {
    const { producer, users, transport, errors } = setup({ lingerMs: 5 });
    await users.prepare();
    for (let i = 0; i < 1_000; i += 1) {
      // One record the schema refuses (a number where a string goes), in the middle.
      const value = i === 500 ? ({ id: "bad", name: 42, legacyScore: 1 } as never) : user(`u${i}`);
      expect(users.sendNoAck(value)).toBeUndefined();
    }
    await producer.flush();
    const written = [...transport.logs.values()].reduce((sum, log) => sum + log.length, 0);
    expect(written).toBe(999);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(SerializationError);
    expect(errors[0]).toMatchObject({ topic: "users" });
    await producer.close();
    users.sendNoAck(user("late"));
    expect(errors.at(-1)).toBeInstanceOf(ProducerClosedError);
  });

  it("keeps the records of one key on one partition, in send order", async () => {
    const { producer, users, transport } = setup();
    const sends = Array.from({ length: 50 }, (_, i) =>
      users.send(new User({ id: "same-key", name: `n${i}`, legacyScore: i })),
    );
    const metas = await Promise.all(sends);
    expect(new Set(metas.map((meta) => meta.partition)).size).toBe(1);
    expect(metas.map((meta) => meta.offset)).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    expect(transport.records("users", metas[0]?.partition ?? -1)).toHaveLength(50);
    await producer.close();
  });

  it("binds a generated topic: keyField as key, the binding's partitioner", async () => {
    const { producer } = setup();
    const orders = producer.topic(ordersPlacedV1Topic);
    const order = { orderId: "o-1", total: { currency: "EUR" as const, units: "1.00" }, lines: [] };
    const first = await orders.send(order);
    const again = await orders.send(new OrderPlaced(order));
    expect(again.partition).toBe(first.partition);
    await producer.close();
  });

  it("serializes a record key under <topic>-key and partitions by murmur2 over its framed bytes", async () => {
    const { producer, transport, registry } = setup();
    transport.partitions.set("orders.lines", 12);
    const lines = producer.topic(ordersLinesTopic);
    const meta = await lines.send(
      { sku: "s-1", price: { currency: "EUR", units: "1.00" } },
      { key: new Money({ currency: "GBP", units: "2.50" }) },
    );
    const keyBytes = transport.sent[0]?.batch.records[0]?.key as Buffer;
    const keyId = (await registry.getVersion("orders.lines-key", "latest")).id;
    expect(keyBytes[0]).toBe(0);
    expect(keyBytes.readInt32BE(1)).toBe(keyId);
    expect(await createDeserializer(Money, { registry }).deserialize("orders.lines", keyBytes)).toStrictEqual(
      new Money({ currency: "GBP", units: "2.50" }),
    );
    expect(meta.partition).toBe(toPositive(murmur2(keyBytes)) % 12);
    await producer.close();
  });

  it("gives the key serializer the topic options: a lockfile keeps key and value unregistered", async () => {
    const { producer, transport, registry } = setup();
    transport.partitions.set("orders.lines", 12);
    const lockfile = parseSchemaLockfile({
      lockfileVersion: 1,
      subjects: {
        "orders.lines-value": {
          schema: "com.acme.orders.OrderLine",
          version: 1,
          id: 41,
          fingerprint: "7fd4373e328ed9e3",
        },
        "orders.lines-key": { schema: "com.acme.shared.Money", version: 1, id: 42, fingerprint: "a3573ca8ff2c8784" },
      },
    });
    const lines = producer.topic("orders.lines", { value: OrderLine, key: Money, serializer: { lockfile } });
    await lines.send(
      { sku: "s-1", price: { currency: "EUR", units: "1.00" } },
      { key: new Money({ currency: "GBP", units: "2.50" }) },
    );
    const record = transport.sent[0]?.batch.records[0];
    expect((record?.key as Buffer | undefined)?.readInt32BE(1)).toBe(42);
    expect((record?.value as Buffer | undefined)?.readInt32BE(1)).toBe(41);
    expect(registry.calls).toEqual({});
    await producer.close();
  });

  it("rejects a record not matching its schema alone, naming topic, subject, field; neighbours arrive", async () => {
    const { producer, users, transport, errors } = setup();
    const good = users.send(user("a"));
    const bad = users.send({ id: "b", name: 42, legacyScore: 1 } as never);
    const after = users.send(user("c"));
    const error = await bad.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SerializationError);
    expect(error).toMatchObject({ topic: "users", subject: "users-value", fieldPath: ["name"] });
    await Promise.all([good, after]);
    await producer.close();
    expect([...transport.logs.values()].flat()).toHaveLength(2);
    expect(errors).toEqual([error]);
  });

  it("rejects sends to a topic the cluster does not have with ProduceError, naming it", async () => {
    const { producer } = setup();
    const missing = producer.topic("nope", { value: User });
    const error = await missing.send(user("a")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProduceError);
    expect((error as Error).message).toBe(
      'produce to topic "nope" (1 record): read the partition count: unknown topic nope',
    );
    await producer.close();
  });

  it("gives one TopicProducer per topic, and refuses to bind a topic to a second value type", async () => {
    const { producer, users } = setup();
    expect(producer.topic("users", { value: User })).toBe(users);
    expect(() => producer.topic("users", { value: OrderPlaced })).toThrow(
      'invalid option "topic("users")": expected the value type it was first bound to ' +
        '(com.acme.evolution.User), got "com.acme.orders.OrderPlaced"',
    );
    await producer.close();
  });

  it("rejects an invalid explicit partition with PartitionError naming topic and count", async () => {
    const { producer, users } = setup();
    const error = await users.send(user("a"), { partition: 6 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartitionError);
    expect(error).toMatchObject({ topic: "users", partition: 6, partitionCount: 6 });
    expect((await users.send(user("a"), { partition: 5 })).partition).toBe(5);
    await producer.close();
  });

  it("rejects a record over maxRequestSizeBytes alone; the others are delivered", async () => {
    const { producer, users, transport } = setup({ maxRequestSizeBytes: 1_000, bufferMemoryBytes: 10_000 });
    const small = users.send(user("a"));
    const big = users.send(new User({ id: "b", name: "x".repeat(2_000), legacyScore: 1 }));
    const error = await big.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordTooLargeError);
    expect(error).toMatchObject({ topic: "users", subject: "users-value", maxRequestSizeBytes: 1_000 });
    await small;
    await producer.close();
    expect([...transport.logs.values()].flat()).toHaveLength(1);
  });

  it("reports failures of sends nobody awaits to onError, without an unhandled rejection", async () => {
    const { producer, users, transport, errors } = setup();
    transport.failing.set("users/0", new Error("broker said no"));
    transport.failing.set("users/1", new Error("broker said no"));
    transport.failing.set("users/2", new Error("broker said no"));
    transport.failing.set("users/3", new Error("broker said no"));
    transport.failing.set("users/4", new Error("broker said no"));
    transport.failing.set("users/5", new Error("broker said no"));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      for (let i = 0; i < 10; i += 1) void users.send(user(`u${i}`));
      await producer.flush();
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(errors).toHaveLength(10);
    expect(errors.every((error) => error instanceof ProduceError)).toBe(true);
    await producer.close();
  });

  it("close() delivers every record still buffered, then refuses new sends", async () => {
    const { producer, users, transport } = setup({ lingerMs: 60_000, batchSizeBytes: 1 << 20 });
    for (let i = 0; i < 1_000; i += 1) void users.send(user(`u${i}`));
    await producer.close();
    expect([...transport.logs.values()].flat()).toHaveLength(1_000);
    const error = await users.send(user("late")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProducerClosedError);
  });

  it("keeps call order for sends made while the topic is being prepared and right after", async () => {
    const { producer, users, transport } = setup();
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const partitionCount = transport.partitionCount.bind(transport);
    transport.partitionCount = async (topic) => {
      await gate;
      return partitionCount(topic);
    };
    const sends = Array.from({ length: 20 }, (_, i) =>
      users.send(new User({ id: "k", name: `early-${i}`, legacyScore: i })),
    );
    release();
    // Sent from a microtask that may run before the early sends resume: still after them.
    await Promise.resolve();
    sends.push(
      ...Array.from({ length: 20 }, (_, i) =>
        users.send(new User({ id: "k", name: `late-${i}`, legacyScore: 20 + i })),
      ),
    );
    const metas = await Promise.all(sends);
    expect(metas.map((meta) => Number(meta.offset))).toEqual(Array.from({ length: 40 }, (_, i) => i));
    await producer.close();
  });

  it("publishes failed sends on the schemakit:produce diagnostics channel", async () => {
    const { subscribe, unsubscribe } = await import("node:diagnostics_channel");
    const { producer } = setup();
    const seen: unknown[] = [];
    const listener = (message: unknown): void => void seen.push(message);
    subscribe("schemakit:produce", listener);
    try {
      const missing = producer.topic("nope", { value: User });
      const error = await missing.send(user("a")).catch((e: unknown) => e);
      expect(seen).toEqual([{ error }]);
    } finally {
      unsubscribe("schemakit:produce", listener);
    }
    await producer.close();
  });

  it("makes a send wait for buffer memory up to maxBlockMs, then rejects it with BufferFullError", async () => {
    const clock = manualClock();
    const { producer, users, transport } = setup({
      clock,
      bufferMemoryBytes: 1_024,
      maxRequestSizeBytes: 1_024,
      maxBlockMs: 500,
      lingerMs: 10,
    });
    transport.autoAck = false;
    await users.prepare();
    // About 234 bytes each (value and 21 of record framing): sends are admitted while under 1,024 bytes, so
    // five go in and the sixth waits.
    const sized = (id: string): User => new User({ id, name: "x".repeat(200), legacyScore: 1 });
    const accepted = [];
    for (let i = 0; i < 5; i += 1) accepted.push(users.send(sized(`u${i}`)));
    const blocked = users.send(sized("blocked"));
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(499);
    await new Promise((resolve) => setImmediate(resolve));
    // Still waiting: nothing was released.
    let settled = false;
    void blocked.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    clock.advance(1);
    const error = await blocked.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BufferFullError);
    expect(error).toMatchObject({ topic: "users", bufferMemoryBytes: 1_024, maxBlockMs: 500 });
    clock.advance(10);
    for (const sent of transport.sent) sent.ack();
    await Promise.all(accepted);
    await producer.close();
  });
});
