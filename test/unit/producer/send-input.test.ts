import { describe, expect, it } from "vitest";
import { InvalidRecordError, PartitionError } from "../../../src/errors/index.js";
import { createProducer } from "../../../src/producer/index.js";
import { FakeTransport } from "../../support/fake-transport.js";
import { InMemoryRegistry } from "../../support/in-memory-registry.js";
import { User } from "../codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";

// Each bad input below once failed a whole batch (or was stored as another value than the one given);
// now the one send rejects with InvalidRecordError before it reaches a batch, and its neighbours arrive.
function setup() {
  const transport = new FakeTransport();
  transport.partitions.set("users", 3);
  const errors: Error[] = [];
  const producer = createProducer({
    registry: new InMemoryRegistry(),
    transport,
    lingerMs: 50,
    onError: (error) => errors.push(error),
  });
  const users = producer.topic("users", { value: User, key: "string", keyMaker: (user) => user.id });
  return { transport, producer, users, errors };
}

const user = (id: string): User => new User({ id, name: `name of ${id}`, legacyScore: 1 });

async function rejectsAlone(options: object, field: string): Promise<InvalidRecordError> {
  const { producer, users, transport } = setup();
  await users.prepare();
  const before = users.send(user("a"));
  const bad = users.send(user("b"), options as never).catch((error: unknown) => error);
  const after = users.send(user("c"));
  const error = await bad;
  expect(error).toBeInstanceOf(InvalidRecordError);
  expect(error).toMatchObject({ topic: "users", subject: "users-value", field, retriable: false });
  await Promise.all([before, after]);
  await producer.close();
  expect([...transport.logs.values()].flat()).toHaveLength(2);
  return error as InvalidRecordError;
}

describe("send input checks", () => {
  it.each([
    ["a number", { "x-n": 7 }, 'headers["x-n"]'],
    ["undefined", { "x-u": undefined }, 'headers["x-u"]'],
    ["null", { "x-null": null }, 'headers["x-null"]'],
    ["an object", { "x-o": { a: 1 } }, 'headers["x-o"]'],
  ])("a header value that is %s rejects its send alone", async (_what, headers, field) => {
    await rejectsAlone({ headers }, field);
  });

  it.each([
    ["an array", []],
    ["a string", "x-trace=1"],
    ["null", null],
  ])("headers that are %s reject their send alone", async (_what, headers) => {
    await rejectsAlone({ headers }, "headers");
  });

  it.each([
    ["NaN", Number.NaN],
    ["an Invalid Date", new Date("nope")],
    ["1e20 (beyond 2^53)", 1e20],
    ["negative (Java refuses it)", -1],
    ["fractional", 1_700_000_000_000.5],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["a string", "1700000000000"],
    ["a bigint", 1_700_000_000_000n],
  ])("a timestamp that is %s rejects its send alone", async (_what, timestamp) => {
    const error = await rejectsAlone({ timestamp }, "timestamp");
    expect(error.message).toMatch(/^send to topic "users" \(subject "users-value"\): timestamp: expected whole epoch/);
  });

  it("keeps buffer-memory accounting exact after rejected headers (no NaN: later sends wait and go)", async () => {
    const { producer, users, transport } = setup();
    await users.prepare();
    await users.send(user("a"), { headers: { bad: 1 } as never }).catch(() => undefined);
    await Promise.all([users.send(user("b"), { headers: { ok: "1", raw: Buffer.from([1]) } })]);
    await producer.close();
    expect([...transport.logs.values()].flat()).toHaveLength(1);
  });

  it("accepts timestamps 0, a Date and 2^53 - 1 exactly", async () => {
    const { producer, users } = setup();
    const metas = await Promise.all([
      users.send(user("a"), { timestamp: 0 }),
      users.send(user("b"), { timestamp: new Date(1_700_000_000_123) }),
      users.send(user("c"), { timestamp: Number.MAX_SAFE_INTEGER }),
    ]);
    expect(metas.map((meta) => meta.timestamp)).toEqual([0, 1_700_000_000_123, Number.MAX_SAFE_INTEGER]);
    await producer.close();
  });

  it("a key maker that throws rejects its send with the topic, and the user's error as cause", async () => {
    const { producer, transport } = setup();
    transport.partitions.set("users.keyed", 3);
    const boom = new Error("no id");
    const topic = producer.topic("users.keyed", {
      value: User,
      keyMaker: (record) => {
        if ((record as User).id === "b") throw boom;
        return (record as User).id;
      },
    });
    const results = await Promise.allSettled([topic.send(user("a")), topic.send(user("b")), topic.send(user("c"))]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const error = (results[1] as PromiseRejectedResult).reason as InvalidRecordError;
    expect(error).toBeInstanceOf(InvalidRecordError);
    expect(error).toMatchObject({ topic: "users.keyed", field: "key", cause: boom });
    await producer.close();
    expect([...transport.logs.values()].flat()).toHaveLength(2);
  });

  it("a partitioner that throws rejects its send with the topic, and the user's error as cause", async () => {
    const transport = new FakeTransport();
    transport.partitions.set("users", 3);
    const boom = new Error("ring empty");
    const producer = createProducer({ registry: new InMemoryRegistry(), transport, lingerMs: 0 });
    const topic = producer.topic("users", {
      value: User,
      partitioner: (_key, _count, record) => {
        if ((record as User).id === "b") throw boom;
        return 0;
      },
    });
    const results = await Promise.allSettled([topic.send(user("a")), topic.send(user("b")), topic.send(user("c"))]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
      name: "InvalidRecordError",
      topic: "users",
      field: "partition",
      cause: boom,
    });
    await producer.close();
  });

  it("a partitioner answering no partition of the topic rejects that send with PartitionError", async () => {
    const transport = new FakeTransport();
    transport.partitions.set("users", 3);
    const answers: Readonly<Record<string, number>> = { a: 2, b: 3, c: -1, d: 1.5, e: Number.NaN, f: 0 };
    const producer = createProducer({ registry: new InMemoryRegistry(), transport, lingerMs: 0 });
    const topic = producer.topic("users", {
      value: User,
      partitioner: (_key, _count, record) => answers[(record as User).id] as number,
    });
    const results = await Promise.allSettled(Object.keys(answers).map((id) => topic.send(user(id))));
    expect(results.map((result) => result.status)).toEqual([
      "fulfilled",
      "rejected",
      "rejected",
      "rejected",
      "rejected",
      "fulfilled",
    ]);
    for (const result of results.slice(1, 5)) {
      const error = (result as PromiseRejectedResult).reason as Error;
      expect(error).toBeInstanceOf(PartitionError);
      expect(error.message).toContain("the custom partitioner's answer");
      expect(error).toMatchObject({ topic: "users" });
    }
    await producer.close();
  });

  it("options that are not an object reject the send with InvalidRecordError", async () => {
    const { producer, users } = setup();
    await expect(users.send(user("a"), null as never)).rejects.toMatchObject({ field: "options" });
    await producer.close();
  });
});
