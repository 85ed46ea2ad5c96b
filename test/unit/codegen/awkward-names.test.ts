import { describe, expect, it } from "vitest";
import { createDeserializer, createSerializer } from "../../../src/serde/index.js";
import { InMemoryRegistry } from "../../support/in-memory-registry.js";
import { Awkward, type AwkwardInit } from "./golden/awkward-names/com/acme/awkward/awkward.avro.js";
import { Ctor, type CtorInit } from "./golden/awkward-names/com/acme/awkward/ctor.avro.js";
import { Date_ } from "./golden/awkward-names/com/acme/awkward/date.avro.js";
import { defineAvroRecord } from "./golden/awkward-names/com/acme/awkward/define-avro-record.avro.js";
import { defineTopic as DefineTopicRecord } from "./golden/awkward-names/com/acme/awkward/define-topic.avro.js";
import { init_ } from "./golden/awkward-names/com/acme/awkward/init.avro.js";
import { isPlainObject } from "./golden/awkward-names/com/acme/awkward/is-plain-object.avro.js";
import { mapValues } from "./golden/awkward-names/com/acme/awkward/map-values.avro.js";
import { moneyTopic as MoneyTopicRecord } from "./golden/awkward-names/com/acme/awkward/money-topic.avro.js";
import { Money } from "./golden/awkward-names/com/acme/awkward/money.avro.js";
import { pickRecord } from "./golden/awkward-names/com/acme/awkward/pick-record.avro.js";
import { Proto } from "./golden/awkward-names/com/acme/awkward/proto.avro.js";
import { v0_ } from "./golden/awkward-names/com/acme/awkward/v0.avro.js";
import { Awkward as OtherAwkward } from "./golden/awkward-names/com/acme/other/awkward.avro.js";
import { Money as OtherMoney } from "./golden/awkward-names/com/acme/other/money.avro.js";
import { defineTopic, moneyLocalTopic, moneyOtherTopic, moneyTopic } from "./golden/awkward-names/topics.js";

// The awkward-names golden compiles under the strict tsconfig (npm run typecheck); here it runs: names
// that clash resolve to the right classes, and field names that objects already have hold their values.

function ctorInit(): CtorInit {
  return {
    constructor: "c",
    toString: "t",
    hasOwnProperty: true,
    valueOf: 7,
    schema: "s",
    init: "i",
    type: "y",
    await: "a",
    function: "f",
    new: "n",
    enum: "e",
    static: "st",
  };
}

function awkwardInit(): AwkwardInit {
  return {
    localMoney: { cents: 1 },
    otherMoney: { units: "2" },
    otherAwkward: { money: { units: "3" } },
    when: { iso: "2026-12-01" },
    at: new Date(1_700_000_000_000),
    buffer: { size: 4 },
    raw: Buffer.from([5]),
    promise: { due: "soon" },
    picked: { pick: "p" },
    mapped: { a: { value: 6 } },
    plainOrText: { b: { plain: true } },
    defined: { self: { self: null } },
    descriptor: { kind: "k" },
    enumDescriptor: "B",
    record: "KEPT",
    initRecord: { init: "i", again: { init: "j" } },
    vee: [{ v0: [{}] }],
    awkwardInit: { ready: true },
    ctor: ctorInit(),
  };
}

describe("awkward names: fields named like object members or reserved words", () => {
  it("holds a field named constructor, toString or valueOf as its own value, on an instance of the class", () => {
    const value = new Ctor(ctorInit());
    expect(value).toBeInstanceOf(Ctor);
    expect(Object.getPrototypeOf(value)).toBe(Ctor.prototype);
    expect(Object.getOwnPropertyDescriptor(value, "constructor")?.value).toBe("c");
    expect([value.toString, value.valueOf, value.hasOwnProperty, value.prototype]).toEqual(["t", 7, true, "p"]);
    expect([value.init, value.schema, value.new, value.enum, value.undefined]).toEqual(["i", "s", "n", "e", null]);
  });

  it("applies the default of such a field when a JavaScript caller leaves it out, not the inherited member", () => {
    const { toString: _t, valueOf: _v, ...rest } = ctorInit();
    const value = new Ctor(rest as unknown as CtorInit);
    expect(value.toString).toBe("t");
    expect(value.valueOf).toBe(0);
  });

  it("keeps a field and a map key named __proto__ as data, never as the prototype", () => {
    const value = new Proto({ constructor: "x" });
    expect(Object.getPrototypeOf(value)).toBe(Proto.prototype);
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toBe("p");
    expect(Object.getOwnPropertyDescriptor(value.byName, "__proto__")?.value).toBe(1);
    expect(value.constructor).toBe("x");
  });

  it("registers attributes named __proto__ as the schema has them", () => {
    const schema = JSON.parse(Proto.schema.schema) as { __proto__: unknown; fields: { __proto__: unknown }[] };
    expect(Object.getOwnPropertyDescriptor(schema, "__proto__")?.value).toBe("a record attribute");
    expect(Object.getOwnPropertyDescriptor(schema.fields[0], "__proto__")?.value).toBe("a field attribute");
  });

  it("builds a record default that names such fields", () => {
    const { ctor: _c, ...rest } = awkwardInit();
    const value = new Awkward(rest);
    expect(value.ctor).toBeInstanceOf(Ctor);
    expect(value.ctor.constructor).toBe("c");
    expect(value.ctor.toString).toBe("t");
  });

  it("round-trips through the serializer and deserializer", async () => {
    const registry = new InMemoryRegistry();
    const value = new Ctor(ctorInit());
    const bytes = await createSerializer(Ctor, { registry }).serialize("awkward-ctor", value);
    const back = await createDeserializer(Ctor, { registry }).deserialize("awkward-ctor", bytes);
    expect(Object.getPrototypeOf(back)).toBe(Ctor.prototype);
    expect(back).toStrictEqual(value);
  });
});

describe("awkward names: types that clash with each other, globals, helpers and the file's own names", () => {
  it("builds each field into the class its schema names", () => {
    const value = new Awkward(awkwardInit());
    expect(value.localMoney).toBeInstanceOf(Money);
    expect(value.otherMoney).toBeInstanceOf(OtherMoney);
    expect(value.otherAwkward).toBeInstanceOf(OtherAwkward);
    expect(value.when).toBeInstanceOf(Date_);
    expect(value.at).toBeInstanceOf(Date);
    expect(value.picked).toBeInstanceOf(pickRecord);
    expect(new Awkward({ ...awkwardInit(), picked: { cents: 8 } }).picked).toBeInstanceOf(Money);
    expect(value.mapped["a"]).toBeInstanceOf(mapValues);
    expect((value.plainOrText as Readonly<Record<string, unknown>>)["b"]).toBeInstanceOf(isPlainObject);
    expect(value.defined).toBeInstanceOf(defineAvroRecord);
    expect(value.defined.self).toBeInstanceOf(defineAvroRecord);
    expect(value.initRecord).toBeInstanceOf(init_);
    expect(value.initRecord.again).toBeInstanceOf(init_);
    expect(value.vee[0]?.v0[0]).toBeInstanceOf(v0_);
  });

  it("round-trips through the serializer and deserializer, references to the other namespace included", async () => {
    const registry = new InMemoryRegistry();
    const value = new Awkward(awkwardInit());
    const bytes = await createSerializer(Awkward, { registry }).serialize("awkward", value);
    const back = await createDeserializer(Awkward, { registry }).deserialize("awkward", bytes);
    expect(back).toBeInstanceOf(Awkward);
    expect(back.otherMoney).toBeInstanceOf(OtherMoney);
    expect(back.localMoney).toBeInstanceOf(Money);
    expect(back.picked).toBeInstanceOf(pickRecord);
    expect(back).toStrictEqual(value);
  });

  it("binds topics named like the records and helpers they import to the right classes", () => {
    expect(defineTopic.value).toBe(DefineTopicRecord);
    expect(moneyTopic.value).toBe(MoneyTopicRecord);
    expect(moneyLocalTopic.value).toBe(Money);
    expect(moneyOtherTopic.value).toBe(OtherMoney);
    expect(moneyOtherTopic.key).toBe(Money);
  });
});
