import { describe, expect, it } from "vitest";
import { avroPairChecker, parseAvroSchema } from "../../../../src/compat/index.js";

const order = (...fields: object[]) => ({ type: "record", name: "Order", namespace: "com.acme", fields });
const parse = (schema: unknown) => parseAvroSchema({ schema, source: "test" });

describe("Avro findings in words", () => {
  it("a field added without a default: names the field and says to give it a default", () => {
    const [found] = avroPairChecker.check(
      parse(order({ name: "id", type: "string" }, { name: "note", type: "string" })),
      parse(order({ name: "id", type: "string" })),
      "backward",
    );
    expect(found?.message).toContain("`Order.note`");
    expect(found?.message).toContain("the new schema cannot read data written with the old one");
    expect(found?.fix).toMatch(/^give `note` a default/);
  });

  it("a removed field under FORWARD: consumers on the old schema break; keep the field", () => {
    const [found] = avroPairChecker.check(
      parse(order({ name: "id", type: "string" }, { name: "note", type: "string" })),
      parse(order({ name: "id", type: "string" })),
      "forward",
    );
    expect(found?.message).toContain("consumers still on the old schema");
    expect(found?.fix).toMatch(/^keep `note`/);
  });

  it("a removed enum symbol: add it back or give the enum a default", () => {
    const color = (symbols: string[]) => order({ name: "color", type: { type: "enum", name: "Color", symbols } });
    const [found] = avroPairChecker.check(parse(color(["GREEN"])), parse(color(["RED", "GREEN"])), "backward");
    expect(found?.message).toContain("`Order.color`");
    expect(found?.fix).toBe('add [RED] back, or give the enum a default ("default": one of its symbols).');
  });

  it("a changed type names both types and the promotions that exist", () => {
    const [found] = avroPairChecker.check(
      parse(order({ name: "lines", type: { type: "array", items: "string" } })),
      parse(order({ name: "lines", type: { type: "array", items: "int" } })),
      "backward",
    );
    expect(found?.location).toBe("/fields/0/type/items");
    expect(found?.message).toContain("`Order.lines[]`: the new schema has string where the old schema has int");
    expect(found?.fix).toContain("int→long→float→double");
  });

  it("a renamed record: suggests the old name as an alias", () => {
    const [found] = avroPairChecker.check(parse({ ...order(), name: "Purchase" }), parse(order()), "backward");
    expect(found?.fix).toContain('"aliases": ["com.acme.Order"]');
  });
});
