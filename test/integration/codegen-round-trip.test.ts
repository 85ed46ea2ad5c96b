import { afterAll, describe, expect, it } from "vitest";
import { SchemaRegistry } from "../../src/registry/index.js";
import { createDeserializer, createSerializer } from "../../src/serde/index.js";
import { requireServices, uniqueName } from "../support/services.js";
import { allTypesInit } from "../unit/codegen/all-types-fixture.js";
import { AllTypes } from "../unit/codegen/golden/all-types/com/acme/test/all-types.avro.js";
import { Iban } from "../unit/codegen/golden/all-types/com/acme/test/iban.avro.js";
import { OrderPlaced } from "../unit/codegen/golden/cross-file/com/acme/orders/order-placed.avro.js";
import { StockChanged } from "../unit/codegen/golden/cross-file/com/acme/inventory/stock-changed.avro.js";
import { User as UserV1 } from "../unit/codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";
import { User as UserV2 } from "../unit/codegen/golden/evolution-v2/com/acme/evolution/user.avro.js";

// Generated classes (the checked-in goldens) through the real registry: every Avro type, references
// across files, and a v1 writer read into the v2 class.

const services = requireServices();
let shared: SchemaRegistry | undefined;

function registry(): SchemaRegistry {
  shared ??= new SchemaRegistry({ url: services().schemaRegistryUrl });
  return shared;
}

afterAll(async () => {
  await shared?.close();
});

describe("generated classes against a real registry", () => {
  it("round-trips every Avro type of all-types.avsc", async () => {
    const topic = uniqueName("codegen-all-types");
    const value = new AllTypes(allTypesInit());
    const bytes = await createSerializer(AllTypes, { registry: registry() }).serialize(topic, value);
    expect(bytes.readInt32BE(1)).toBe((await registry().getVersion(`${topic}-value`, "latest")).id);
    // A fresh registry client: the writer schema comes back from the registry, not from a cache.
    const reader = new SchemaRegistry({ url: services().schemaRegistryUrl });
    try {
      const back = await createDeserializer(AllTypes, { registry: reader }).deserialize(topic, bytes);
      expect(back).toStrictEqual(value);
      expect(back.payment).toBeInstanceOf(Iban);
    } finally {
      await reader.close();
    }
  });

  it("registers the types of other files as references (subjects by full name) and reads records back", async () => {
    const topic = uniqueName("codegen-orders");
    const order = new OrderPlaced({
      orderId: "o-1",
      total: { currency: "GBP", units: "-0.01" },
      lines: [{ sku: "s-1", quantity: 3, price: { currency: "GBP", units: "1.99" } }],
      couponCode: "WINTER",
    });
    const bytes = await createSerializer(OrderPlaced, { registry: registry() }).serialize(topic, order);
    const stored = await registry().getVersion(`${topic}-value`, "latest");
    expect(stored.references.map(({ name, subject }) => [name, subject])).toEqual([
      ["com.acme.shared.Money", "com.acme.shared.Money"],
      ["com.acme.orders.OrderLine", "com.acme.orders.OrderLine"],
    ]);
    expect(
      (await registry().getVersion("com.acme.orders.OrderLine", "latest")).references.map(({ name }) => name),
    ).toEqual(["com.acme.shared.Money"]);
    expect(await createDeserializer(OrderPlaced, { registry: registry() }).deserialize(topic, bytes)).toStrictEqual(
      order,
    );

    const stockTopic = uniqueName("codegen-stock");
    const stock = new StockChanged({
      sku: "s-1",
      delta: -2,
      at: new Date("2026-11-22T12:00:00Z"),
      value: { currency: "EUR", units: "3.50" },
    });
    const stockBytes = await createSerializer(StockChanged, { registry: registry() }).serialize(stockTopic, stock);
    expect(
      await createDeserializer(StockChanged, { registry: registry() }).deserialize(stockTopic, stockBytes),
    ).toStrictEqual(stock);
  });

  it("reads records written with the v1 class into the v2 class", async () => {
    const topic = uniqueName("codegen-users");
    const bytes = await createSerializer(UserV1, { registry: registry() }).serialize(
      topic,
      new UserV1({ id: "u1", name: "Ada", legacyScore: 7 }),
    );
    const back = await createDeserializer(UserV2, { registry: registry() }).deserialize(topic, bytes);
    expect(back).toStrictEqual(new UserV2({ id: "u1", name: "Ada" }));
  });
});
