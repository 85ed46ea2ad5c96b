// The Avro evolution corpus: histories of schemas (oldest first) and a new schema. Verdicts and
// incompatibilities for them come from Apache Avro's Java SchemaCompatibility (avro-compat-java.test.ts),
// never from schemakit.

/** One schema version: the schema and the documents defining named types it uses (references). */
export interface CorpusVersion {
  readonly schema: unknown;
  readonly references?: readonly unknown[];
}

export interface CompatCase {
  readonly name: string;
  /** Earlier versions, oldest first. */
  readonly previous: readonly CorpusVersion[];
  readonly candidate: CorpusVersion;
}

type Json = Record<string, unknown>;

const NS = "com.acme";

function record(name: string, fields: readonly Json[], extra: Json = {}): Json {
  return { type: "record", name, namespace: NS, fields, ...extra };
}

function field(name: string, type: unknown, extra: Json = {}): Json {
  return { name, type, ...extra };
}

function enumOf(name: string, symbols: readonly string[], extra: Json = {}): Json {
  return { type: "enum", name, symbols, ...extra };
}

function v(schema: unknown, references?: readonly unknown[]): CorpusVersion {
  return references === undefined ? { schema } : { schema, references };
}

/** A case whose history is `versions` and whose new schema is the last of them. */
function evolve(name: string, ...versions: CorpusVersion[]): CompatCase {
  const candidate = versions.at(-1) as CorpusVersion;
  return { name, previous: versions.slice(0, -1), candidate };
}

const order = (...fields: Json[]) => record("Order", [field("id", "string"), ...fields]);
const single = (type: unknown, extra: Json = {}) =>
  record("Order", [field("id", "string"), field("value", type, extra)]);
const color = (symbols: readonly string[], extra: Json = {}) => enumOf("Color", symbols, extra);

const inner = (fields: readonly Json[]) => record("Inner", fields);
const linkedList = (...extra: Json[]) =>
  record("Node", [field("value", "int"), field("next", ["null", "Node"], { default: null }), ...extra]);
const address = (...extra: Json[]) =>
  record("Address", [field("street", "string"), field("city", "string"), ...extra], { namespace: "com.acme.common" });

export const COMPAT_CASES: readonly CompatCase[] = [
  evolve("field added with a default", v(order()), v(order(field("note", "string", { default: "" })))),
  evolve("field added without a default", v(order()), v(order(field("note", "string")))),
  evolve(
    "optional field added (null first, default null)",
    v(order()),
    v(order(field("note", ["null", "string"], { default: null }))),
  ),
  evolve("field with a default removed", v(order(field("note", "string", { default: "" }))), v(order())),
  evolve("field without a default removed", v(order(field("note", "string"))), v(order())),
  evolve("int widened to long", v(single("int")), v(single("long"))),
  evolve("long narrowed to int", v(single("long")), v(single("int"))),
  evolve("int to float", v(single("int")), v(single("float"))),
  evolve("long to double", v(single("long")), v(single("double"))),
  evolve("float to double", v(single("float")), v(single("double"))),
  evolve("double to float", v(single("double")), v(single("float"))),
  evolve("string to bytes", v(single("string")), v(single("bytes"))),
  evolve("bytes to string", v(single("bytes")), v(single("string"))),
  evolve("int to string", v(single("int")), v(single("string"))),
  evolve("boolean to int", v(single("boolean")), v(single("int"))),
  evolve("enum symbol added", v(single(color(["RED", "GREEN"]))), v(single(color(["RED", "GREEN", "BLUE"])))),
  evolve(
    "enum symbols removed",
    v(single(color(["RED", "GREEN", "BLUE", "AMBER"]))),
    v(single(color(["RED", "GREEN"]))),
  ),
  evolve(
    "enum symbol removed, enum default added",
    v(single(color(["RED", "GREEN", "BLUE"]))),
    v(single(color(["RED", "GREEN"], { default: "RED" }))),
  ),
  evolve(
    "enum symbol added, readers have an enum default",
    v(single(color(["UNKNOWN", "RED"], { default: "UNKNOWN" }))),
    v(single(color(["UNKNOWN", "RED", "BLUE"], { default: "UNKNOWN" }))),
  ),
  evolve("enum symbols reordered", v(single(color(["RED", "GREEN"]))), v(single(color(["GREEN", "RED"])))),
  evolve("enum renamed", v(single(color(["RED"]))), v(single(enumOf("Colour", ["RED"])))),
  evolve(
    "enum renamed with an alias",
    v(single(color(["RED"]))),
    v(single(enumOf("Colour", ["RED"], { aliases: ["Color"] }))),
  ),
  evolve("record renamed", v(record("Order", [field("id", "string")])), v(record("Purchase", [field("id", "string")]))),
  evolve(
    "record renamed with an alias",
    v(record("Order", [field("id", "string")])),
    v(record("Purchase", [field("id", "string")], { aliases: ["Order"] })),
  ),
  evolve(
    "record renamed with an alias in the null namespace",
    v(record("Order", [field("id", "string")])),
    v(record("Purchase", [field("id", "string")], { aliases: [".Order"] })),
  ),
  evolve(
    "namespace changed only",
    v(record("Order", [field("id", "string")])),
    v(record("Order", [field("id", "string")], { namespace: "org.other" })),
  ),
  evolve(
    "record renamed into another namespace with an unqualified alias",
    v(record("Order", [field("id", "string")])),
    v(record("Purchase", [field("id", "string")], { namespace: "org.other", aliases: ["Order"] })),
  ),
  evolve(
    "field renamed with an alias",
    v(order(field("total", "int"))),
    v(order(field("amount", "int", { aliases: ["total"] }))),
  ),
  evolve("field renamed without an alias", v(order(field("total", "int"))), v(order(field("amount", "int")))),
  evolve(
    "fields reordered",
    v(record("Order", [field("a", "int"), field("b", "string")])),
    v(record("Order", [field("b", "string"), field("a", "int")])),
  ),
  evolve(
    "fixed size changed",
    v(single({ type: "fixed", name: "Hash", size: 16 })),
    v(single({ type: "fixed", name: "Hash", size: 32 })),
  ),
  evolve(
    "fixed renamed and resized",
    v(single({ type: "fixed", name: "Hash", size: 16 })),
    v(single({ type: "fixed", name: "Digest", size: 20 })),
  ),
  evolve("union widened", v(single(["null", "string"])), v(single(["null", "string", "int"]))),
  evolve("union narrowed", v(single(["null", "string", "int", "long"])), v(single(["null", "string"]))),
  evolve("union branches reordered", v(single(["null", "string", "int"])), v(single(["int", "null", "string"]))),
  evolve("type made optional", v(single("string")), v(single(["null", "string"], { default: null }))),
  evolve("optional made required", v(single(["null", "string"], { default: null })), v(single("string"))),
  evolve("int into a union with long", v(single("int")), v(single(["null", "long"], { default: null }))),
  evolve(
    "array items widened",
    v(single({ type: "array", items: "int" })),
    v(single({ type: "array", items: "long" })),
  ),
  evolve("map values changed", v(single({ type: "map", values: "string" })), v(single({ type: "map", values: "int" }))),
  evolve("map to array", v(single({ type: "map", values: "int" })), v(single({ type: "array", items: "int" }))),
  evolve(
    "nested record: field added without a default",
    v(order(field("customer", record("Customer", [field("name", "string")])))),
    v(order(field("customer", record("Customer", [field("name", "string"), field("email", "string")])))),
  ),
  evolve(
    "array of records: item field type changed",
    v(order(field("lines", { type: "array", items: record("Line", [field("sku", "string"), field("qty", "int")]) }))),
    v(
      order(field("lines", { type: "array", items: record("Line", [field("sku", "string"), field("qty", "string")]) })),
    ),
  ),
  evolve(
    "recursive list: field added with a default",
    v(linkedList()),
    v(linkedList(field("label", "string", { default: "" }))),
  ),
  evolve("recursive list: field added without a default", v(linkedList()), v(linkedList(field("label", "string")))),
  evolve(
    "recursive tree: value type changed",
    v(record("Tree", [field("value", "int"), field("children", { type: "array", items: "Tree" })])),
    v(record("Tree", [field("value", "string"), field("children", { type: "array", items: "Tree" })])),
  ),
  evolve(
    "several incompatibilities in one record",
    v(record("Order", [field("a", "int"), field("b", "string"), field("c", color(["RED", "GREEN"]))])),
    v(record("Order", [field("a", "string"), field("b", "int"), field("c", color(["RED"])), field("d", "long")])),
  ),
  evolve(
    "one named type used twice, incompatible",
    v(order(field("from", inner([field("x", "int")])), field("to", "Inner"))),
    v(order(field("from", inner([field("x", "string")])), field("to", "Inner"))),
  ),
  evolve(
    "named type first met inside a reader union",
    v(order(field("maybe", inner([field("x", "int")])), field("sure", "Inner"))),
    v(order(field("maybe", ["null", inner([field("x", "string")])], { default: null }), field("sure", "Inner"))),
  ),
  evolve(
    "enum field with an enum default added without a field default",
    v(order()),
    v(order(field("status", enumOf("Status", ["NEW", "DONE"], { default: "NEW" })))),
  ),
  evolve(
    "union of records: branch renamed",
    v(single(["null", record("Card", [field("pan", "string")])])),
    v(single(["null", record("Voucher", [field("code", "string", { default: "" })])])),
  ),
  evolve(
    "union of records: branch renamed with an alias",
    v(single(["null", record("Card", [field("pan", "string")])])),
    v(single(["null", record("PaymentCard", [field("pan", "string")], { aliases: ["Card"] })])),
  ),
  evolve("top-level primitive changed", v("string"), v("int")),
  evolve("top-level int to long", v("int"), v("long")),
  evolve(
    "decimal precision changed (logical types are not compared)",
    v(single({ type: "bytes", logicalType: "decimal", precision: 9, scale: 2 })),
    v(single({ type: "bytes", logicalType: "decimal", precision: 12, scale: 4 })),
  ),
  evolve(
    "transitive: a default dropped later",
    v(record("Order", [field("a", "int")])),
    v(record("Order", [field("a", "int"), field("b", "string", { default: "" })])),
    v(record("Order", [field("a", "int"), field("b", "string")])),
  ),
  evolve(
    "transitive: field removed after gaining a default",
    v(record("Order", [field("a", "int"), field("b", "string")])),
    v(record("Order", [field("a", "int"), field("b", "string", { default: "" })])),
    v(record("Order", [field("a", "int")])),
  ),
  evolve(
    "transitive: widened step by step",
    v(single("int")),
    v(single("long")),
    v(single("float")),
    v(single("double")),
  ),
  evolve(
    "transitive: enum symbols come and go",
    v(single(color(["RED", "GREEN"]))),
    v(single(color(["RED", "GREEN", "BLUE"]))),
    v(single(color(["RED", "BLUE"]))),
  ),
  evolve(
    "references: a referenced record gains a field without a default",
    v(order(field("shipTo", "com.acme.common.Address")), [address()]),
    v(order(field("shipTo", "com.acme.common.Address")), [address(field("zip", "string"))]),
  ),
  evolve(
    "references: a referenced record gains a field with a default",
    v(order(field("shipTo", "com.acme.common.Address")), [address()]),
    v(order(field("shipTo", "com.acme.common.Address")), [address(field("zip", "string", { default: "" }))]),
  ),
  evolve(
    "references: reference inlined in the new version",
    v(order(field("shipTo", "com.acme.common.Address")), [address()]),
    v(order(field("shipTo", address()))),
  ),
  evolve(
    "field alias naming the field itself",
    v(record("Order", [field("a", "int")])),
    v(record("Order", [field("a", "long", { aliases: ["a"] })])),
  ),
  evolve(
    "error type gains a field without a default",
    v({ type: "error", name: "Failure", namespace: NS, fields: [field("reason", "string")] }),
    v({ type: "error", name: "Failure", namespace: NS, fields: [field("reason", "string"), field("code", "int")] }),
  ),
  evolve(
    "enum inside a union loses a symbol",
    v(single(["null", color(["RED", "GREEN"])], { default: null })),
    v(single(["null", color(["GREEN"])], { default: null })),
  ),
  evolve(
    "map of unions: values widened",
    v(single({ type: "map", values: ["null", "int"] })),
    v(single({ type: "map", values: ["null", "long"] })),
  ),
  evolve(
    "union of records: a branch's field type changed",
    v(single(["null", record("Card", [field("pan", "string"), field("cvv", "int")])])),
    v(single(["null", record("Card", [field("pan", "string"), field("cvv", "string")])])),
  ),
  evolve(
    "nested record moved to another namespace",
    v(order(field("customer", { type: "record", name: "Customer", fields: [field("name", "string")] }))),
    v(
      order(
        field("customer", {
          type: "record",
          name: "Customer",
          namespace: "org.crm",
          fields: [field("name", "string")],
        }),
      ),
    ),
  ),
  evolve(
    "recursive record renamed with an alias",
    v(linkedList()),
    v(
      record("Link", [field("value", "int"), field("next", ["null", "Link"], { default: null })], {
        aliases: ["Node"],
      }),
    ),
  ),
  evolve(
    "mutually recursive records: a deep field changed",
    v(
      record("Person", [
        field("name", "string"),
        field(
          "employer",
          ["null", record("Company", [field("title", "string"), field("staff", { type: "array", items: "Person" })])],
          {
            default: null,
          },
        ),
      ]),
    ),
    v(
      record("Person", [
        field("name", "string"),
        field(
          "employer",
          [
            "null",
            record("Company", [
              field("title", "bytes"),
              field("staff", { type: "array", items: "Person" }),
              field("size", "int"),
            ]),
          ],
          {
            default: null,
          },
        ),
      ]),
    ),
  ),
  evolve(
    "several enum symbols missing, listed sorted",
    v(single(color(["ZULU", "alpha", "Bravo", "RED"]))),
    v(single(color(["RED"]))),
  ),
  evolve(
    "names in other scripts: a field added without a default",
    v(record("Bestellung", [field("größe", "int")])),
    v(record("Bestellung", [field("größe", "int"), field("straße", "string"), field("件数", "int", { default: 0 })])),
  ),
  evolve("invalid new schema: a name starting with a digit", v(order()), v(order(field("1st", "int", { default: 0 })))),
  evolve(
    "invalid new schema: a string field with a null default",
    v(order()),
    v(order(field("note", "string", { default: null }))),
  ),
  evolve(
    "invalid new schema: an int default that is not an integer",
    v(order()),
    v(order(field("n", "int", { default: 1.5 }))),
  ),
  evolve("invalid new schema: an undefined type name", v(order()), v(order(field("n", "com.acme.Nowhere")))),
  evolve("invalid new schema: a duplicate enum symbol", v(single(color(["RED"]))), v(single(color(["RED", "RED"])))),
  evolve("invalid new schema: a duplicate union branch", v(single("int")), v(single(["int", "string", "int"]))),
  evolve(
    "union default matching a later branch (valid since Avro 1.12)",
    v(order()),
    v(order(field("note", ["null", "string"], { default: "none" }))),
  ),
  evolve(
    "field alias matching two writer fields",
    v(record("Order", [field("a", "int"), field("b", "int")])),
    v(record("Order", [field("a", "int", { aliases: ["b"] })])),
  ),
];
