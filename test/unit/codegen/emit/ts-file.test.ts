import { describe, expect, it } from "vitest";
import { OutputLayout } from "../../../../codegen/emit/output-layout.js";
import { type ImportSymbol, TsFile } from "../../../../codegen/emit/ts-file.js";
import { buildAvroModel } from "../../../../codegen/model/build-avro-model.js";

// The printer alone: symbols in, exact import lines and identifiers out.

const RUNTIME = "schemakit/runtime/v1";

function runtime(name: string, typeOnly = false): ImportSymbol {
  return { name, from: { kind: "package", module: RUNTIME }, typeOnly };
}

/** A named type's symbol: the class (or, with `init`, its Init type) of the record `stem`. */
function output(path: string, stem: string, alias: string, options: { typeOnly?: boolean; init?: boolean } = {}) {
  const symbol: ImportSymbol = {
    name: options.init === true ? `${stem}Init` : stem,
    from: { kind: "output", path },
    typeOnly: options.typeOnly === true || options.init === true,
    family: { stem, suffixes: ["", "Init"], alias },
  };
  return symbol;
}

/** The import lines of a rendered file (no header). */
function importsOf(file: TsFile): string[] {
  return file
    .render([])
    .split("\n")
    .filter((line) => line.startsWith("import "));
}

describe("TsFile: imports and local names", () => {
  it("imports relative to its own path, package modules first, merged per module, sorted by local name", () => {
    const file = new TsFile("com/acme/orders/order-placed.avro.ts");
    expect(file.use(runtime("pickRecord"))).toBe("pickRecord");
    expect(file.use(output("com/acme/shared/money.avro.ts", "Money", "com_acme_shared_Money"))).toBe("Money");
    expect(file.use(output("com/acme/orders/order-line.avro.ts", "OrderLine", "com_acme_orders_OrderLine"))).toBe(
      "OrderLine",
    );
    expect(file.use(runtime("AvroRecordType", true))).toBe("AvroRecordType");
    expect(file.use(output("tier.avro.ts", "Tier", "Tier", { typeOnly: true }))).toBe("Tier");
    expect(importsOf(file)).toEqual([
      'import { type AvroRecordType, pickRecord } from "schemakit/runtime/v1";',
      'import type { Tier } from "../../../tier.avro.js";',
      'import { Money } from "../shared/money.avro.js";',
      'import { OrderLine } from "./order-line.avro.js";',
    ]);
  });

  it("imports a name once: `type` while every use is type-only, a value import once any use is not", () => {
    const file = new TsFile("a.avro.ts");
    file.use(output("b.avro.ts", "B", "B", { typeOnly: true }));
    file.use(output("b.avro.ts", "B", "B", { init: true }));
    expect(importsOf(file)).toEqual(['import type { B, BInit } from "./b.avro.js";']);
    file.use(output("b.avro.ts", "B", "B"));
    expect(importsOf(file)).toEqual(['import { B, type BInit } from "./b.avro.js";']);
  });

  it("refers to a symbol of the file itself by its name, without importing it", () => {
    const file = new TsFile("com/acme/tree.avro.ts");
    expect(() => file.use(output("com/acme/tree.avro.ts", "Tree", "com_acme_Tree"))).toThrow(/before exporting it/);
    file.export("Tree");
    expect(file.use(output("com/acme/tree.avro.ts", "Tree", "com_acme_Tree"))).toBe("Tree");
    expect(importsOf(file)).toEqual([]);
  });

  it("two types with one simple name from different namespaces: the second takes its full name, Init too", () => {
    const file = new TsFile("com/acme/orders/order.avro.ts");
    const shared = output("com/acme/shared/money.avro.ts", "Money", "com_acme_shared_Money");
    const legacy = output("com/acme/legacy/money.avro.ts", "Money", "com_acme_legacy_Money");
    expect(file.use(shared)).toBe("Money");
    expect(file.use(legacy)).toBe("com_acme_legacy_Money");
    expect(file.use(shared)).toBe("Money");
    // MoneyInit is free, but kept for the first Money's family: never `Money | MoneyInit` of two types.
    expect(file.use(output("com/acme/legacy/money.avro.ts", "Money", "com_acme_legacy_Money", { init: true }))).toBe(
      "com_acme_legacy_MoneyInit",
    );
    expect(importsOf(file)).toEqual([
      "import { Money as com_acme_legacy_Money, type MoneyInit as com_acme_legacy_MoneyInit } " +
        'from "../legacy/money.avro.js";',
      'import { Money } from "../shared/money.avro.js";',
    ]);
  });

  it("a type named like the file's own class, or like its Init: the import takes its full name", () => {
    const file = new TsFile("com/acme/orders/money.avro.ts");
    file.export("Money");
    file.export("MoneyInit");
    expect(file.use(output("com/acme/shared/money.avro.ts", "Money", "com_acme_shared_Money"))).toBe(
      "com_acme_shared_Money",
    );
    // A record com.acme.shared.MoneyInit: its alias is the Init name kept for com.acme.shared.Money.
    expect(file.use(output("com/acme/shared/money-init.avro.ts", "MoneyInit", "com_acme_shared_MoneyInit"))).toBe(
      "com_acme_shared_MoneyInit$1",
    );
    expect(importsOf(file)).toEqual([
      'import { MoneyInit as com_acme_shared_MoneyInit$1 } from "../shared/money-init.avro.js";',
      'import { Money as com_acme_shared_Money } from "../shared/money.avro.js";',
    ]);
  });

  it("renames a family when any member's name is taken: a type whose Init would clash", () => {
    const file = new TsFile("a.avro.ts");
    expect(file.use(output("b.avro.ts", "OrderInit", "com_acme_OrderInit"))).toBe("OrderInit");
    const order = output("order.avro.ts", "Order", "com_acme_Order");
    expect(file.use(order)).toBe("com_acme_Order");
    expect(file.use({ ...order, name: "OrderInit", typeOnly: true })).toBe("com_acme_OrderInit");
  });

  it("refuses a name outside the symbol's family (a generator bug)", () => {
    const file = new TsFile("a.avro.ts");
    const suit: ImportSymbol = {
      name: "SuitInit",
      from: { kind: "output", path: "suit.avro.ts" },
      typeOnly: true,
      family: { stem: "Suit", suffixes: [""], alias: "com_acme_Suit" },
    };
    expect(() => file.use(suit)).toThrow(/SuitInit is not a name of the family Suit/);
  });

  it("never shadows a global the code uses, a reserved word or a local variable of the constructor", () => {
    const file = new TsFile("x.avro.ts");
    // Symbols as another generator might name them: the printer still keeps Date, Buffer, init and v0 free.
    expect(file.use({ name: "Date", from: { kind: "package", module: "dates" }, typeOnly: false })).toBe("Date$1");
    expect(file.use(output("buffer.avro.ts", "Buffer", "com_acme_Buffer"))).toBe("com_acme_Buffer");
    expect(file.use(output("init.avro.ts", "init", "com_acme_init"))).toBe("com_acme_init");
    expect(file.use(output("v0.avro.ts", "v0", "com_acme_v0"))).toBe("com_acme_v0");
    expect(file.use(output("class.avro.ts", "class", "com_acme_class"))).toBe("com_acme_class");
    // Promise is no keyword and generated code never uses it: the name is kept.
    expect(file.use(output("promise.avro.ts", "Promise", "com_acme_Promise"))).toBe("Promise");
  });

  it("a runtime helper shadowed by a type name, or by the file's own class, is imported under another name", () => {
    const file = new TsFile("com/acme/define-avro-record.avro.ts");
    file.export("defineAvroRecord");
    expect(file.use(output("com/acme/pick-record.avro.ts", "pickRecord", "com_acme_pickRecord"))).toBe("pickRecord");
    expect(file.use(runtime("pickRecord"))).toBe("pickRecord$1");
    expect(file.use(runtime("defineAvroRecord"))).toBe("defineAvroRecord$1");
    expect(file.use(runtime("pickRecord"))).toBe("pickRecord$1");
    expect(importsOf(file)).toEqual([
      'import { defineAvroRecord as defineAvroRecord$1, pickRecord as pickRecord$1 } from "schemakit/runtime/v1";',
      'import { pickRecord } from "./pick-record.avro.js";',
    ]);
  });

  it("counts up when the alias is taken as well", () => {
    const file = new TsFile("a.avro.ts");
    file.export("Money");
    file.export("com_acme_Money");
    expect(file.use(output("com/acme/money.avro.ts", "Money", "com_acme_Money"))).toBe("com_acme_Money$1");
  });

  it("refuses an export that an import already took, or a reserved one: declare exports first", () => {
    const file = new TsFile("topics.ts");
    file.use(runtime("defineTopic"));
    expect(() => file.export("defineTopic")).toThrow(/cannot export defineTopic from topics.ts/);
    expect(() => file.export("Date")).toThrow(/reserved or taken/);
    expect(() => file.export("init")).toThrow(/reserved or taken/);
  });

  it("renders header, imports and body, with no trailing blank lines", () => {
    const file = new TsFile("a.avro.ts");
    file.line(`export const a = ${file.use(runtime("defineTopic"))}({});`);
    file.line();
    expect(file.render(["// header"])).toBe(
      '// header\n\nimport { defineTopic } from "schemakit/runtime/v1";\n\nexport const a = defineTopic({});\n',
    );
  });
});

describe("OutputLayout: where named types live and what they are called", () => {
  const model = buildAvroModel([
    {
      file: "layout.avsc",
      sha256: "0",
      paths: ["$[0]", "$[1]", "$[2]", "$[3]"],
      schemas: [
        { type: "record", name: "Date", namespace: "com.acme.time", fields: [] },
        { type: "record", name: "OrderPlaced", namespace: "com.acme.orders", fields: [] },
        { type: "record", name: "init", namespace: "com.acme.orders", fields: [] },
        { type: "enum", name: "Suit", symbols: ["A"] },
      ],
    },
  ]);
  const layout = new OutputLayout(model, "custom/runtime");

  it("gives each named type a file and symbols for its value, type and Init", () => {
    expect(layout.typeFile("com.acme.orders.OrderPlaced").path).toBe("com/acme/orders/order-placed.avro.ts");
    expect(layout.topicsFile().path).toBe("topics.ts");
    expect(layout.value("com.acme.orders.OrderPlaced")).toEqual({
      name: "OrderPlaced",
      from: { kind: "output", path: "com/acme/orders/order-placed.avro.ts" },
      typeOnly: false,
      family: { stem: "OrderPlaced", suffixes: ["", "Init"], alias: "com_acme_orders_OrderPlaced" },
    });
    expect(layout.init("com.acme.orders.OrderPlaced")).toMatchObject({ name: "OrderPlacedInit", typeOnly: true });
    expect(layout.type("Suit")).toEqual({
      name: "Suit",
      from: { kind: "output", path: "suit.avro.ts" },
      typeOnly: true,
      family: { stem: "Suit", suffixes: [""], alias: "Suit" },
    });
    expect(layout.runtime("AvroRecordType", { typeOnly: true })).toEqual({
      name: "AvroRecordType",
      from: { kind: "package", module: "custom/runtime" },
      typeOnly: true,
    });
  });

  it("exports a type named like a global the code uses, or like a constructor variable, with an underscore", () => {
    expect(layout.value("com.acme.time.Date").name).toBe("Date_");
    expect(layout.init("com.acme.time.Date").name).toBe("Date_Init");
    expect(layout.value("com.acme.orders.init").name).toBe("init_");
  });

  it("a printed file resolves the layout's symbols against its own path", () => {
    const file = layout.typeFile("com.acme.orders.OrderPlaced");
    file.export("OrderPlaced");
    expect(file.use(layout.value("com.acme.orders.OrderPlaced"))).toBe("OrderPlaced");
    expect(file.use(layout.value("com.acme.time.Date"))).toBe("Date_");
    expect(file.use(layout.type("Suit"))).toBe("Suit");
    expect(importsOf(file)).toEqual([
      'import type { Suit } from "../../../suit.avro.js";',
      'import { Date_ } from "../time/date.avro.js";',
    ]);
  });
});
