import { describe, expect, it } from "vitest";
import { SerializationError } from "../../../src/errors/index.js";
import { createDeserializer, createSerializer } from "../../../src/serde/index.js";
import { InMemoryRegistry } from "../../support/in-memory-registry.js";
import { allTypesInit } from "./all-types-fixture.js";
import { AllTypes } from "./golden/all-types/com/acme/test/all-types.avro.js";
import { Card } from "./golden/all-types/com/acme/test/card.avro.js";
import { Iban } from "./golden/all-types/com/acme/test/iban.avro.js";
import { Suit } from "./golden/all-types/com/acme/test/suit.avro.js";
import { Tree } from "./golden/all-types/com/acme/test/tree.avro.js";
import { Date_ } from "./golden/all-types/com/acme/time/date.avro.js";
import { UserEvent as BigintUserEvent } from "./golden/bigint-longs/com/example/user-event.avro.js";
import { OrderPlaced } from "./golden/cross-file/com/acme/orders/order-placed.avro.js";
import { ordersPlacedV1Topic } from "./golden/cross-file/topics.js";
import { User as UserV1 } from "./golden/evolution-v1/com/acme/evolution/user.avro.js";
import { User as UserV2 } from "./golden/evolution-v2/com/acme/evolution/user.avro.js";

// The generated classes through the serializer and deserializer of the runtime (in-memory registry; the
// same round trips against the real registry are in test/integration/codegen-round-trip.test.ts).

describe("generated classes: construction", () => {
  it("fills every schema default, each a fresh value", () => {
    const a = new AllTypes(allTypesInit());
    const b = new AllTypes(allTypesInit());
    expect(a).toMatchObject({
      flag: true,
      small: -7,
      big: Number.MAX_SAFE_INTEGER,
      ratio: 0.5,
      raw: Buffer.from([0x00, 0xff]),
      text: 'hé "quoted"',
      at: new Date(1_700_000_000_000),
      amount: "12.34",
      suit: "HEARTS",
      tags: [],
      scores: { a: 1 },
      maybeText: null,
      textFirst: "x",
      defaultCard: new Card({ number: "0000" }),
    });
    expect(a.tags).not.toBe(b.tags);
    expect(a.defaultCard).not.toBe(b.defaultCard);
    expect(a.raw).not.toBe(b.raw);
  });

  it("builds nested Inits into instances, keeps instances, picks a union's record by class, then fields", () => {
    const iban = new Iban({ number: "2" });
    const value = new AllTypes({ ...allTypesInit(), payments: [null, { number: "1" }, iban] });
    expect(value.payments[1]).toBeInstanceOf(Card);
    expect(value.payments[2]).toBe(iban);
    expect(value.tree).toBeInstanceOf(Tree);
    expect(value.tree.children[0]).toBeInstanceOf(Tree);
    expect(value.when).toBeInstanceOf(Date_);
    expect(value.cardsByName["first"]).toBeInstanceOf(Card);
    expect(value.nestedArrays[0]?.[0]).toBeInstanceOf(Card);
    expect(value.$type).toBe("com.acme.test.AllTypes");
  });

  it("lists enum symbols in schema order, frozen", () => {
    expect(Suit.symbols).toEqual(["SPADES", "HEARTS", "DIAMONDS", "CLUBS"]);
    expect(Object.isFrozen(Suit.symbols)).toBe(true);
  });
});

describe("generated classes: serde round trips", () => {
  it("writes and reads every Avro type of all-types.avsc exactly, into the generated classes", async () => {
    const registry = new InMemoryRegistry();
    const value = new AllTypes(allTypesInit());
    const bytes = await createSerializer(AllTypes, { registry }).serialize("all-types", value);
    const back = await createDeserializer(AllTypes, { registry }).deserialize("all-types", bytes);
    expect(back).toBeInstanceOf(AllTypes);
    expect(back).toStrictEqual(value);
    expect(back.payment).toBeInstanceOf(Iban);
    expect(back.payments.map((payment) => payment?.constructor.name ?? null)).toEqual([null, "Card", "Iban", "Card"]);
    expect(back.tree.children[0]).toBeInstanceOf(Tree);
  });

  it("serializes a plain Init object to the same bytes as the instance built from it", async () => {
    const registry = new InMemoryRegistry();
    const serializer = createSerializer(AllTypes, { registry });
    const fromInit = await serializer.serialize("all-types", allTypesInit());
    expect(fromInit).toEqual(await serializer.serialize("all-types", new AllTypes(allTypesInit())));
  });

  it("rejects a fixed of the wrong length, naming the field", async () => {
    const registry = new InMemoryRegistry();
    const bad = new AllTypes({ ...allTypesInit(), hash: Buffer.alloc(15) });
    const error = await createSerializer(AllTypes, { registry })
      .serialize("all-types", bad)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SerializationError);
    expect((error as SerializationError).invalidFields).toEqual([
      { path: ["hash"], expected: "com.acme.test.Md5", actual: "Buffer" },
    ]);
  });

  it("registers types of other files as references and reads the record back", async () => {
    const registry = new InMemoryRegistry();
    const order = new OrderPlaced({
      orderId: "o-1",
      total: { currency: "EUR", units: "10.00" },
      lines: [{ sku: "s-1", price: { currency: "EUR", units: "10.00" } }],
    });
    const bytes = await createSerializer(OrderPlaced, { registry }).serialize("orders.placed.v1", order);
    expect([...(await registry.getSubjects())].sort()).toEqual([
      "com.acme.orders.OrderLine",
      "com.acme.shared.Money",
      "orders.placed.v1-value",
    ]);
    const stored = await registry.getVersion("orders.placed.v1-value", "latest");
    expect(stored.references.map((reference) => reference.name)).toEqual([
      "com.acme.shared.Money",
      "com.acme.orders.OrderLine",
    ]);
    expect(await createDeserializer(OrderPlaced, { registry }).deserialize("orders.placed.v1", bytes)).toStrictEqual(
      order,
    );
    expect(ordersPlacedV1Topic).toMatchObject({
      topic: "orders.placed.v1",
      value: OrderPlaced,
      key: "string",
      keyField: "orderId",
    });
  });

  it("reads a v1 record into the v2 class: removed field dropped, new fields defaulted", async () => {
    const registry = new InMemoryRegistry();
    const bytes = await createSerializer(UserV1, { registry }).serialize(
      "users",
      new UserV1({ id: "u1", name: "Ada", legacyScore: 7 }),
    );
    const back = await createDeserializer(UserV2, { registry }).deserialize("users", bytes);
    expect(back).toBeInstanceOf(UserV2);
    expect(back).toStrictEqual(new UserV2({ id: "u1", name: "Ada" }));
    expect(back).toMatchObject({ email: null, tier: "FREE" });
  });

  it("takes and gives bigint longs in bigint mode, beyond the safe-integer range", async () => {
    const registry = new InMemoryRegistry();
    const value = new BigintUserEvent({
      userId: "u",
      ts: new Date(0),
      eventType: "VIEW",
      amount: 1,
      flag: false,
      tags: [],
      counters: { big: 2n ** 62n, small: -(2n ** 63n) },
      geo: { lat: 1, lon: 2 },
      count: 1,
      payload: Buffer.alloc(0),
    });
    const bytes = await createSerializer(BigintUserEvent, { registry }).serialize("events", value);
    expect(await createDeserializer(BigintUserEvent, { registry }).deserialize("events", bytes)).toStrictEqual(value);
  });
});
