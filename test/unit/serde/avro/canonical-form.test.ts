import { describe, expect, it } from "vitest";
import { parsingCanonicalForm, parsingFingerprint64 } from "../../../../src/serde/avro/canonical-form.js";

// Vectors from the Avro project's share/test/data/schema-tests.txt (apache/avro), numbered as there:
// input, Parsing Canonical Form, and the 64-bit Rabin fingerprint that Java's
// SchemaNormalization.parsingFingerprint64 cross-checks. Left out are inputs avsc refuses to parse: 016
// (an empty union) and 026 (an invalid default, "true" for a boolean).
const VECTORS: readonly (readonly [string, string, string, bigint | undefined])[] = [
  ["000", '"null"', '"null"', 7195948357588979594n],
  ["001", '{"type":"null"}', '"null"', undefined],
  ["002", '"boolean"', '"boolean"', -6970731678124411036n],
  ["004", '"int"', '"int"', 8247732601305521295n],
  ["006", '"long"', '"long"', -3434872931120570953n],
  ["008", '"float"', '"float"', 5583340709985441680n],
  ["010", '"double"', '"double"', -8181574048448539266n],
  ["012", '"bytes"', '"bytes"', 5746618253357095269n],
  ["014", '"string"', '"string"', -8142146995180207161n],
  ["017", '[ "int"  ]', '["int"]', -5232228896498058493n],
  ["018", '[ "int" , {"type":"boolean"} ]', '["int","boolean"]', 5392556393470105090n],
  [
    "019",
    '{"fields":[], "type":"record", "name":"foo"}',
    '{"name":"foo","type":"record","fields":[]}',
    -4824392279771201922n,
  ],
  [
    "020",
    '{"fields":[], "type":"record", "name":"foo", "namespace":"x.y"}',
    '{"name":"x.y.foo","type":"record","fields":[]}',
    5916914534497305771n,
  ],
  [
    "021",
    '{"fields":[], "type":"record", "name":"a.b.foo", "namespace":"x.y"}',
    '{"name":"a.b.foo","type":"record","fields":[]}',
    -4616218487480524110n,
  ],
  [
    "022",
    '{"fields":[], "type":"record", "name":"foo", "doc":"Useful info"}',
    '{"name":"foo","type":"record","fields":[]}',
    -4824392279771201922n,
  ],
  [
    "024",
    '{"fields":[], "type":"record", "name":"foo", "doc":"foo", "aliases":["foo","bar"]}',
    '{"name":"foo","type":"record","fields":[]}',
    -4824392279771201922n,
  ],
  [
    "025",
    '{"fields":[{"type":{"type":"boolean"}, "name":"f1"}], "type":"record", "name":"foo"}',
    '{"name":"foo","type":"record","fields":[{"name":"f1","type":"boolean"}]}',
    7843277075252814651n,
  ],
  [
    "027",
    '{"type":"enum", "name":"foo", "symbols":["A1"]}',
    '{"name":"foo","type":"enum","symbols":["A1"]}',
    -6342190197741309591n,
  ],
  [
    "028",
    '{"namespace":"x.y.z", "type":"enum", "name":"foo", "doc":"foo bar", "symbols":["A1", "A2"]}',
    '{"name":"x.y.z.foo","type":"enum","symbols":["A1","A2"]}',
    -4448647247586288245n,
  ],
  ["029", '{"name":"foo","type":"fixed","size":15}', '{"name":"foo","type":"fixed","size":15}', 1756455273707447556n],
  [
    "030",
    '{"namespace":"x.y.z", "type":"fixed", "name":"foo", "doc":"foo bar", "size":32}',
    '{"name":"x.y.z.foo","type":"fixed","size":32}',
    -3064184465700546786n,
  ],
  ["031", '{ "items":{"type":"null"}, "type":"array"}', '{"type":"array","items":"null"}', -589620603366471059n],
  ["032", '{ "values":"string", "type":"map"}', '{"type":"map","values":"string"}', -8732877298790414990n],
  [
    "033",
    '{"name":"PigValue","type":"record","fields":[{"name":"value", "type":["null", "int", "long", "PigValue"]}]}',
    '{"name":"PigValue","type":"record","fields":[{"name":"value","type":["null","int","long","PigValue"]}]}',
    -1759257747318642341n,
  ],
];

describe("Parsing Canonical Form", () => {
  it.each(VECTORS)("vector %s", (_number, input, canonical, fingerprint) => {
    expect(parsingCanonicalForm(input)).toBe(canonical);
    if (fingerprint !== undefined) expect(parsingFingerprint64(input)).toBe(fingerprint);
  });

  it("takes schema objects, and strips logical types and defaults", () => {
    const schema = {
      type: "record",
      name: "E",
      namespace: "com.example",
      fields: [
        { name: "at", type: { type: "long", logicalType: "timestamp-millis" }, doc: "when" },
        { name: "note", type: ["null", "string"], default: null },
      ],
    };
    expect(parsingCanonicalForm(schema)).toBe(
      '{"name":"com.example.E","type":"record","fields":[{"name":"at","type":"long"},' +
        '{"name":"note","type":["null","string"]}]}',
    );
  });

  it("writes out referenced named types in full at their first use", () => {
    const address =
      '{"type":"record","name":"Address","namespace":"com.example","fields":[{"name":"street","type":"string"}]}';
    const customer = {
      type: "record",
      name: "Customer",
      namespace: "com.example",
      fields: [
        { name: "home", type: "com.example.Address" },
        { name: "work", type: "com.example.Address" },
      ],
    };
    expect(parsingCanonicalForm(customer, [address])).toBe(
      '{"name":"com.example.Customer","type":"record","fields":[' +
        '{"name":"home","type":{"name":"com.example.Address","type":"record",' +
        '"fields":[{"name":"street","type":"string"}]}},' +
        '{"name":"work","type":"com.example.Address"}]}',
    );
  });
});
