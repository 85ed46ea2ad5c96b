import { beforeEach, describe, expect, it } from "vitest";
import { SerializationError } from "../../../../src/errors/index.js";
import { createSerializer } from "../../../../src/serde/index.js";
import { InMemoryRegistry } from "../../../support/in-memory-registry.js";
import { Geo } from "../../codegen/golden/user-event/com/example/geo.avro.js";
import { UserEvent as GeneratedUserEvent } from "../../codegen/golden/user-event/com/example/user-event.avro.js";
import { UserEvent, userEvent } from "./user-event-fixture.js";

// Issue 13, item 9: every serializer failure is a SerializationError naming topic, subject and the field
// path, with the expected type as the schema spells it.

let registry: InMemoryRegistry;

beforeEach(() => {
  registry = new InMemoryRegistry();
});

async function failure(promise: Promise<unknown>): Promise<SerializationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SerializationError);
  const serialization = error as SerializationError;
  expect(serialization).toMatchObject({ topic: "events", subject: "events-value" });
  return serialization;
}

function generatedInit(): Record<string, unknown> {
  return {
    userId: "u1",
    ts: new Date(0),
    eventType: "CLICK",
    amount: 1,
    flag: true,
    tags: [],
    counters: {},
    geo: new Geo({ lat: 1, lon: 2 }),
    count: 1,
    payload: Buffer.alloc(0),
  };
}

describe("serializer failures", () => {
  it("reports a bigint in an int field (threw a raw TypeError from the error reporting)", async () => {
    const error = await failure(
      createSerializer(UserEvent, { registry }).serialize("events", userEvent({ count: 5n as never })),
    );
    expect(error.invalidFields).toEqual([{ path: ["count"], expected: "int", actual: "bigint" }]);
  });

  it("reports a bigint in an int field of a generated class", async () => {
    const serializer = createSerializer(GeneratedUserEvent, { registry });
    const error = await failure(serializer.serialize("events", { ...generatedInit(), count: 5n } as never));
    expect(error.invalidFields).toEqual([{ path: ["count"], expected: "int", actual: "bigint" }]);
  });

  it("reports a missing nested record of a generated class at its field, by its full name", async () => {
    const serializer = createSerializer(GeneratedUserEvent, { registry });
    const error = await failure(serializer.serialize("events", { ...generatedInit(), geo: undefined } as never));
    expect(error.invalidFields).toEqual([{ path: ["geo"], expected: "com.example.Geo", actual: "undefined" }]);
    expect(error.fieldPath).toEqual(["geo"]);
  });

  it("reports an invalid field inside a nested plain object of a generated class", async () => {
    const serializer = createSerializer(GeneratedUserEvent, { registry });
    const error = await failure(
      serializer.serialize("events", { ...generatedInit(), geo: { lat: "x", lon: 1 } } as never),
    );
    expect(error.invalidFields).toEqual([{ path: ["geo", "lat"], expected: "double", actual: "string" }]);
  });

  it("reports a getter that throws at its field", async () => {
    const value = userEvent();
    Object.defineProperty(value, "userId", {
      enumerable: true,
      get(): string {
        throw new RangeError("no user");
      },
    });
    const error = await failure(createSerializer(UserEvent, { registry }).serialize("events", value));
    expect(error.invalidFields).toEqual([
      { path: ["userId"], expected: "string", actual: "a getter that throws RangeError" },
    ]);
  });

  it("reports a getter that throws while a generated class is built from a plain object", async () => {
    const init = generatedInit();
    Object.defineProperty(init, "geo", {
      enumerable: true,
      get(): never {
        throw new Error("gone");
      },
    });
    const error = await failure(createSerializer(GeneratedUserEvent, { registry }).serialize("events", init as never));
    expect(error.invalidFields).toEqual([
      { path: ["geo"], expected: "com.example.Geo", actual: "a getter that throws Error" },
    ]);
  });

  it("reports a value that is no record at all at the record, by the record's full name", async () => {
    const error = await failure(createSerializer(UserEvent, { registry }).serialize("events", 42 as never));
    expect(error.invalidFields).toEqual([{ path: [], expected: "com.example.UserEvent", actual: "number" }]);
  });
});
