import { describe, expect, it } from "vitest";
import { InvalidRecordError } from "../../../src/errors/index.js";
import type { RecordSource } from "../../../src/producer/accumulator/record-accumulator.js";
import type { DeliveryListener } from "../../../src/producer/accumulator/record-batch.js";
import type { MemoryWaiter } from "../../../src/producer/accumulator/waiting-queue.js";
import { resolvePartitioner } from "../../../src/producer/partitioners/resolve-partitioner.js";
import { SendGate } from "../../../src/producer/send-gate.js";
import { type TopicAccumulator, TopicProducer } from "../../../src/producer/topic-producer.js";
import { TopicMetadata } from "../../../src/producer/topic-metadata.js";
import { AvroSerializer } from "../../../src/serde/avro/avro-serializer.js";
import { InMemoryRegistry } from "../../support/in-memory-registry.js";
import { manualClock } from "../../support/manual-clock.js";
import { User } from "../codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";

/** An accumulator that records what reaches it, and holds sends back while the test says memory is full. */
class FakeAccumulator implements TopicAccumulator {
  readonly appended: string[] = [];
  readonly waiters: [MemoryWaiter, unknown, unknown, DeliveryListener][] = [];
  full = false;

  addTopic(): void {}

  get hasRoom(): boolean {
    return !this.full && this.waiters.length === 0;
  }

  get waitingCount(): number {
    return this.waiters.length;
  }

  enqueue(waiter: MemoryWaiter, value: unknown, options: unknown, listener: DeliveryListener): void {
    this.waiters.push([waiter, value, options, listener]);
  }

  admitted(): Promise<void> {
    return Promise.resolve();
  }

  append(
    source: RecordSource,
    partition: number,
    key: Buffer | null,
    _headers: unknown,
    _timestamp: number,
    value: unknown,
    _listener: DeliveryListener,
  ): void {
    // Encoded for real, as the accumulator would: an invalid value throws here.
    source.encoder.encodeInto(value, Buffer.alloc(1_024), 0);
    this.appended.push(`${(value as User).id}@${partition}:${key?.toString() ?? "-"}`);
  }

  /** Memory came back: the waiters go in, in order. */
  admitAll(): void {
    this.full = false;
    for (const [waiter, value, options, listener] of this.waiters.splice(0)) {
      try {
        waiter.admit(value, options, listener);
      } catch (error) {
        listener.failed(error as Error);
      }
    }
  }
}

function setup(partitionCount: Promise<number> = Promise.resolve(4)) {
  const accumulator = new FakeAccumulator();
  const errors: unknown[] = [];
  const clock = manualClock();
  const topic = new TopicProducer<User, ConstructorParameters<typeof User>[0], string>(
    "users",
    {
      value: new AvroSerializer(User.schema, { registry: new InMemoryRegistry() }),
      key: undefined,
      keyKind: "string",
      keyMaker: (user) => {
        if (user.id === "boom") throw new Error("no key for boom");
        return user.id;
      },
      partitioner: resolvePartitioner("murmur2"),
    },
    {
      accumulator,
      gate: new SendGate(),
      metadata: new TopicMetadata("users", { partitionCount: () => partitionCount }, clock, 60_000),
      clock,
      reportError: (error) => errors.push(error),
      tracing: undefined,
    },
  );
  return { accumulator, topic, errors };
}

const user = (id: string): User => new User({ id, name: `name of ${id}`, legacyScore: 1 });
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("TopicProducer (on a fake accumulator)", () => {
  it("keeps call order for sends made while the topic is being prepared", async () => {
    let ready: (count: number) => void = () => undefined;
    const { accumulator, topic } = setup(new Promise((resolve) => (ready = resolve)));
    for (const id of ["a", "b", "c"]) void topic.send(user(id));
    topic.sendNoAck(user("d"));
    await settle();
    expect(accumulator.appended).toEqual([]);
    ready(4);
    await settle();
    expect(accumulator.appended.map((entry) => entry.split("@")[0])).toEqual(["a", "b", "c", "d"]);
  });

  it("queues sends behind those waiting for memory, and appends them in call order once admitted", async () => {
    const { accumulator, topic } = setup();
    await topic.prepare();
    void topic.send(user("a"));
    accumulator.full = true;
    void topic.send(user("b"));
    accumulator.full = false;
    // Room again, but b still waits: c must queue behind it.
    void topic.send(user("c"));
    expect([accumulator.appended.length, accumulator.waitingCount]).toEqual([1, 2]);
    accumulator.admitAll();
    expect(accumulator.appended.map((entry) => entry.split("@")[0])).toEqual(["a", "b", "c"]);
  });

  it("fails an invalid record alone, waiting or not, and names the topic", async () => {
    const { accumulator, topic, errors } = setup();
    await topic.prepare();
    const failed = topic.send(user("boom"));
    accumulator.full = true;
    const waitingFailed = topic.send(user("boom"));
    void topic.send(user("ok"));
    accumulator.admitAll();
    for (const sent of [failed, waitingFailed]) {
      const error = await sent.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidRecordError);
      expect(error).toMatchObject({ topic: "users", field: "key" });
    }
    expect(accumulator.appended.map((entry) => entry.split("@")[0])).toEqual(["ok"]);
    expect(errors).toHaveLength(2);
  });

  it("partitions by the key maker's key, as Java would, before the value is encoded", async () => {
    const { accumulator, topic } = setup();
    await topic.prepare();
    void topic.send(user("user:1001"));
    // murmur2("user:1001") lands on partition 5 of 6, 1 of 4.
    expect(accumulator.appended).toEqual(["user:1001@1:user:1001"]);
  });
});
