import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { createProducer } from "../../../src/producer/index.js";
import { FakeTransport } from "../../support/fake-transport.js";
import { InMemoryRegistry } from "../../support/in-memory-registry.js";
import { User } from "../codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";

function setup() {
  const transport = new FakeTransport();
  transport.partitions.set("users", 3);
  const producer = createProducer({
    registry: new InMemoryRegistry(),
    transport,
    lingerMs: 1,
    maxRequestSizeBytes: 16_384,
    batchSizeBytes: 16_384,
    bufferMemoryBytes: 65_536,
  });
  const users = producer.topic("users", { value: User, key: "string", keyMaker: (user) => user.id });
  return { transport, producer, users };
}

const COUNT = 50_000;

describe("sends with real backpressure", () => {
  it("sendAll pulls the next value only once the last was admitted: the source never runs far ahead", async () => {
    const { transport, producer, users } = setup();
    let pulled = 0;
    let mostAhead = 0;
    function* source(): Generator<User> {
      for (let i = 0; i < COUNT; i += 1) {
        pulled += 1;
        const written = [...transport.logs.values()].reduce((sum, log) => sum + log.length, 0);
        mostAhead = Math.max(mostAhead, pulled - written);
        yield new User({ id: `u${i}`, name: "n", legacyScore: i });
      }
    }
    expect(await users.sendAll(source())).toEqual({ acknowledged: COUNT, failed: 0 });
    // 64 KiB of buffer memory holds about 1,500 of these records: the source stays within that of the broker.
    expect(mostAhead).toBeLessThan(2_000);
    await producer.close();
  }, 60_000);

  it("sendAll counts the sends that failed, and goes on with the rest", async () => {
    const { producer, users } = setup();
    const values = [0, 1, 2, 3].map((i) =>
      i === 2 ? { id: "x", name: 7 } : new User({ id: `u${i}`, name: "n", legacyScore: 0 }),
    );
    expect(await users.sendAll(values as never)).toEqual({ acknowledged: 3, failed: 1 });
    await producer.close();
  });

  it("sendAll reads an async iterable in order too", async () => {
    const { transport, producer, users } = setup();
    async function* source(): AsyncGenerator<User> {
      for (let i = 0; i < 5_000; i += 1) {
        if (i % 1_000 === 0) await new Promise((resolve) => setImmediate(resolve));
        yield new User({ id: "same-key", name: "n", legacyScore: i });
      }
    }
    expect(await users.sendAll(source())).toEqual({ acknowledged: 5_000, failed: 0 });
    const [log] = [...transport.logs.values()].filter((entries) => entries.length > 0);
    expect(log).toHaveLength(5_000);
    await producer.close();
  });

  it("writable() takes a long source through a pipeline and finishes when all are acknowledged", async () => {
    const { transport, producer, users } = setup();
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < COUNT; i += 1) yield new User({ id: `u${i}`, name: "n", legacyScore: i });
      })(),
    );
    await pipeline(source, users.writable());
    expect([...transport.logs.values()].reduce((sum, log) => sum + log.length, 0)).toBe(COUNT);
    await producer.close();
  }, 60_000);

  it("writable() fails the pipeline with the first send that fails", async () => {
    const { producer, users } = setup();
    const source = Readable.from([
      { id: "a", name: "n" },
      { id: "b", name: 7 },
      { id: "c", name: "n" },
    ]);
    await expect(pipeline(source, users.writable())).rejects.toMatchObject({ name: "SerializationError" });
    await producer.close();
  });
});
