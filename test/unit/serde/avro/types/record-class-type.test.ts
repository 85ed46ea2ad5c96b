import avsc from "avsc";
import { describe, expect, it } from "vitest";
import { avroTypeOf } from "../../../../../src/serde/avro/avro-type-cache.js";
import { decodeBounded } from "../../../../../src/serde/avro/bounded-tap.js";
import { RecordClassType } from "../../../../../src/serde/avro/types/record-class-type.js";
import { Card } from "../../../codegen/golden/all-types/com/acme/test/card.avro.js";
import { Iban } from "../../../codegen/golden/all-types/com/acme/test/iban.avro.js";
import { Tree } from "../../../codegen/golden/all-types/com/acme/test/tree.avro.js";
import { testType } from "./type-harness.js";

// Records of generated classes (golden output of the code generator): decoded into instances at every
// depth, written only from instances, told apart in unions by class.

function tree(next: () => number, depth = 0): Tree {
  const children = depth < 3 ? Array.from({ length: Math.floor(next() * 3) }, () => tree(next, depth + 1)) : [];
  const parent = depth < 2 && next() < 0.3 ? tree(next, depth + 2) : null;
  return new Tree({ label: `n${Math.floor(next() * 1000)}`, children, parent });
}

testType("record class (recursive Tree)", {
  type: () => avroTypeOf(Tree.schema),
  valid: [
    new Tree({ label: "root" }),
    new Tree({ label: "a", children: [new Tree({ label: "b" })], parent: new Tree({ label: "p" }) }),
  ],
  invalid: [null, "root", new Card({ number: "1" }), new Tree({ label: 1 as never })],
  random: (next) => tree(next),
});

describe("record class: instances at every depth, branches by class", () => {
  it("decodes nested and union-branch records into instances of their classes", () => {
    const type = avroTypeOf(Tree.schema);
    const value = new Tree({ label: "a", children: [new Tree({ label: "b" })], parent: new Tree({ label: "p" }) });
    const back = decodeBounded(type, type.toBuffer(value), 0, undefined).value as Tree;
    expect(back).toBeInstanceOf(Tree);
    expect(back.children[0]).toBeInstanceOf(Tree);
    expect(back.parent).toBeInstanceOf(Tree);
  });

  it("is valid only for instances: a plain object of the right shape is not one", () => {
    expect(avroTypeOf(Tree.schema).isValid({ label: "root", children: [], parent: null })).toBe(false);
  });

  it("picks a union branch by class alone, never by shape", () => {
    // Card and Iban, one field each: the union of the golden AllTypes record.
    const union = avsc.Type.forSchema([avroTypeOf(Card.schema), avroTypeOf(Iban.schema)] as never, {
      wrapUnions: "never",
    });
    const card = avroTypeOf(Card.schema) as RecordClassType;
    expect(card).toBeInstanceOf(RecordClassType);
    expect(union.toBuffer(new Iban({ number: "DE00" })).toString("hex")).toMatch(/^02/);
    expect(union.toBuffer(new Card({ number: "4111" })).toString("hex")).toMatch(/^00/);
  });

  it("resolves an older writer's record structurally (fields added with defaults), into instances", () => {
    const writer = avsc.Type.forSchema({
      type: "record",
      name: "com.acme.test.Tree",
      fields: [{ name: "label", type: "string" }],
    });
    const reader = avroTypeOf(Tree.schema);
    const bytes = writer.toBuffer({ label: "old" });
    const back = decodeBounded(reader, bytes, 0, reader.createResolver(writer)).value;
    expect(back).toEqual(new Tree({ label: "old" }));
    expect(back).toBeInstanceOf(Tree);
  });
});
