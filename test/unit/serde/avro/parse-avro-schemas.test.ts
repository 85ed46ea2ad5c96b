import { describe, expect, it } from "vitest";
import { pickRecord } from "../../../../src/runtime/v1/index.js";
import { defineAvroRecord, type AvroRecordDesc } from "../../../../src/schema/index.js";
import { avroTypeOf, compiledType, resolverFor } from "../../../../src/serde/avro/avro-type-cache.js";

// Hand-written classes shaped as generated ones: two records with the same fields, a recursive record,
// a union of a string and an enum.
interface PaymentInit {
  readonly id: string;
}
const card = { type: "record", name: "Card", namespace: "t.pay", fields: [{ name: "id", type: "string" }] };
const bank = { type: "record", name: "Bank", namespace: "t.pay", fields: [{ name: "id", type: "string" }] };

class Card {
  readonly id: string;
  constructor(init: PaymentInit) {
    this.id = init.id;
  }
  static readonly schema: AvroRecordDesc<Card, PaymentInit> = defineAvroRecord({ schema: card, recordClass: Card });
}

class Bank {
  readonly id: string;
  constructor(init: PaymentInit) {
    this.id = init.id;
  }
  static readonly schema: AvroRecordDesc<Bank, PaymentInit> = defineAvroRecord({ schema: bank, recordClass: Bank });
}

interface NodeInit {
  readonly name: string;
  readonly next?: Node | NodeInit | null;
  readonly pay: Card | Bank | PaymentInit;
  readonly label: string;
}

class Node {
  readonly name: string;
  readonly next: Node | null;
  readonly pay: Card | Bank;
  readonly label: string;
  constructor(init: NodeInit) {
    this.name = init.name;
    this.next =
      init.next === undefined || init.next === null
        ? null
        : init.next instanceof Node
          ? init.next
          : new Node(init.next);
    this.pay = pickRecord(init.pay, [Card, Bank]) as Card | Bank;
    this.label = init.label;
  }
  static readonly schema: AvroRecordDesc<Node, NodeInit> = defineAvroRecord({
    schema: {
      type: "record",
      name: "Node",
      namespace: "t.pay",
      fields: [
        { name: "name", type: "string" },
        { name: "next", type: ["null", "Node"], default: null },
        { name: "pay", type: [card, bank] },
        { name: "label", type: ["string", { type: "enum", name: "Color", symbols: ["RED"] }] },
      ],
    },
    recordClass: Node,
    nested: () => [Card.schema, Bank.schema],
  });
}

const nodeType = avroTypeOf(Node.schema);

describe("class-aware Avro types", () => {
  it("encodes a union of two records with the same fields by class, and decodes each into its class", () => {
    const value = new Node({
      name: "a",
      next: { name: "b", pay: new Bank({ id: "x" }), label: "RED" },
      pay: new Card({ id: "y" }),
      label: "z",
    });
    const bytes = nodeType.toBuffer(value);
    // name "a" · next: branch 1 · "b" · null · pay branch 1 (Bank) "x" · label branch 0 "RED" ·
    // pay branch 0 (Card) "y" · label "z"
    expect(bytes.toString("hex")).toBe(
      "0261" + "02" + "0262" + "00" + "02" + "0278" + "00" + "06524544" + "00" + "0279" + "00" + "027a",
    );
    const back = nodeType.fromBuffer(bytes) as Node;
    expect(back).toBeInstanceOf(Node);
    expect(back.next).toBeInstanceOf(Node);
    expect(back.pay).toBeInstanceOf(Card);
    expect(back.next?.pay).toBeInstanceOf(Bank);
    expect(back).toEqual(value);
  });

  it("gives a plain object to the first record branch, in schema order, whose fields it has", () => {
    expect(pickRecord({ id: "p" }, [Card, Bank])).toBeInstanceOf(Card);
    expect(pickRecord({ id: "p" }, [Bank, Card])).toBeInstanceOf(Bank);
    expect(pickRecord({ id: "p", extra: 1 }, [Card, Bank])).toEqual({ id: "p", extra: 1 });
    expect(pickRecord("text", [Card, Bank])).toBe("text");
  });

  it("writes a string that is also an enum symbol with the first branch, the string", () => {
    const plain = nodeType.toBuffer(new Node({ name: "n", pay: { id: "i" }, label: "RED" }));
    expect(plain.subarray(-5).toString("hex")).toBe("0006524544");
  });

  it("refuses a record of another class, or a plain object, where a class record is due", () => {
    expect(nodeType.isValid({ name: "a", next: null, pay: new Card({ id: "y" }), label: "z" })).toBe(false);
    expect(
      nodeType.isValid(
        Object.assign(Object.create(Node.prototype) as object, { name: "a", next: null, pay: { id: "y" }, label: "z" }),
      ),
    ).toBe(false);
  });

  it("reads an older writer (plain types, wrapped ambiguous union) into the classes", () => {
    const older = {
      type: "record",
      name: "Node",
      namespace: "t.pay",
      fields: [
        { name: "name", type: "string" },
        { name: "pay", type: [card, bank] },
        { name: "label", type: "string" },
      ],
    };
    const writer = compiledType([JSON.stringify(older)], "number");
    const bytes = writer.toBuffer({ name: "q", pay: { "t.pay.Bank": { id: "z" } }, label: "l" });
    const back = nodeType.fromBuffer(bytes, resolverFor(nodeType, writer)) as Node;
    expect(back).toBeInstanceOf(Node);
    expect(back.pay).toBeInstanceOf(Bank);
    expect(back).toEqual(new Node({ name: "q", next: null, pay: new Bank({ id: "z" }), label: "l" }));
  });

  it("refuses a writer whose records the classes cannot read, naming the field", () => {
    const missing = { type: "record", name: "Node", namespace: "t.pay", fields: [{ name: "name", type: "string" }] };
    expect(() => resolverFor(nodeType, compiledType([JSON.stringify(missing)], "number"))).toThrow(/t\.pay\.Node\.pay/);
  });
});
