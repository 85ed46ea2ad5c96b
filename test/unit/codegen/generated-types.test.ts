import { describe, expect, expectTypeOf, it } from "vitest";
import { defineTopic, type BoundRecordClass } from "../../../src/runtime/v1/index.js";
import type { AllTypes } from "./golden/all-types/com/acme/test/all-types.avro.js";
import type { Card } from "./golden/all-types/com/acme/test/card.avro.js";
import { Iban } from "./golden/all-types/com/acme/test/iban.avro.js";
import type { Suit } from "./golden/all-types/com/acme/test/suit.avro.js";
import { OrderPlaced, type OrderPlacedInit } from "./golden/cross-file/com/acme/orders/order-placed.avro.js";
import { ordersPlacedV1Topic } from "./golden/cross-file/topics.js";

// What the generated types accept and refuse at compile time: `npm run typecheck` fails when a line
// marked as an expected error compiles.

describe("generated types", () => {
  it("types enums as string-literal unions and records in unions as a discriminated union", () => {
    expectTypeOf<Suit>().toEqualTypeOf<"SPADES" | "HEARTS" | "DIAMONDS" | "CLUBS">();
    expectTypeOf<AllTypes["payment"]>().toEqualTypeOf<Card | Iban>();
    expectTypeOf<AllTypes["payment"]["$type"]>().toEqualTypeOf<"com.acme.test.Card" | "com.acme.test.Iban">();
    // Same fields, different classes: not interchangeable.
    expectTypeOf<Iban>().not.toMatchTypeOf<Card>();
    const describe = (payment: AllTypes["payment"]): string => {
      switch (payment.$type) {
        case "com.acme.test.Card":
          return `card ${payment.number}`;
        case "com.acme.test.Iban":
          return `iban ${payment.number}`;
      }
    };
    expect(describe(new Iban({ number: "DE1" }))).toBe("iban DE1");
  });

  it("binds a topic to its value class and to string or bytes key fields only", () => {
    expectTypeOf(ordersPlacedV1Topic.value).toEqualTypeOf<BoundRecordClass<OrderPlaced, OrderPlacedInit>>();
    // @ts-expect-error: lines is an array, not a key
    defineTopic({ topic: "t", value: OrderPlaced, keyField: "lines" });
    // @ts-expect-error: no such field
    defineTopic({ topic: "t", value: OrderPlaced, keyField: "nope" });
    expect(defineTopic({ topic: "t", value: OrderPlaced, keyField: "orderId" }).key).toBe("string");
  });

  it("makes defaulted fields optional in Init and required everywhere else", () => {
    // @ts-expect-error: orderId has no default
    expect(() => new OrderPlaced({ total: { currency: "EUR", units: "1.00" }, lines: [] })).not.toThrow();
    const order = new OrderPlaced({ orderId: "o", total: { currency: "EUR", units: "1.00" }, lines: [] });
    expectTypeOf(order.couponCode).toEqualTypeOf<string | null>();
    expect(order.currency).toBe("EUR");
  });
});
