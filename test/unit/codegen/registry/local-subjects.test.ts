import { describe, expect, it } from "vitest";
import { generate } from "../../../../codegen/generate.js";
import { localSubjects } from "../../../../codegen/registry/local-subjects.js";
import type { LoadedSchemaFile } from "../../../../codegen/model/build-avro-model.js";
import { CodegenInputError } from "../../../../src/errors/index.js";

const address = { type: "record", name: "Address", namespace: "com.acme", fields: [{ name: "city", type: "string" }] };
const order = {
  type: "record",
  name: "Order",
  namespace: "com.acme",
  fields: [
    { name: "id", type: "string" },
    { name: "ship", type: "Address" },
  ],
};
const orderKey = { type: "record", name: "OrderKey", namespace: "com.acme", fields: [{ name: "id", type: "string" }] };

function file(name: string, schema: unknown): LoadedSchemaFile {
  return { file: name, sha256: "0", schemas: [schema], paths: ["$"] };
}

const files = [file("address.avsc", address), file("order.avsc", order), file("order-key.avsc", orderKey)];

describe("localSubjects", () => {
  it("binds value and record keys under each topic's strategy, references first, each subject once", () => {
    const subjects = localSubjects(
      files,
      [
        { topic: "orders", value: "com.acme.Order", key: "com.acme.OrderKey" },
        { topic: "audit", value: "com.acme.Order", subjectNameStrategy: "record" },
        { topic: "mixed", value: "com.acme.Order", subjectNameStrategy: "topic-record", key: "string" },
      ],
      "registry",
      "schemakit.config.json",
    );
    expect(subjects.map((entry) => [entry.subject, entry.role, entry.schema.fullName])).toEqual([
      ["orders-key", "key", "com.acme.OrderKey"],
      ["com.acme.Address", "reference", "com.acme.Address"],
      ["orders-value", "value", "com.acme.Order"],
      ["com.acme.Order", "value", "com.acme.Order"],
      ["mixed-com.acme.Order", "value", "com.acme.Order"],
    ]);
    const value = subjects[2]?.schema;
    expect(value?.references).toEqual(["com.acme.Address"]);
    expect(JSON.parse(value?.text ?? "")).toEqual(order);
  });

  it("writes references inline in inline mode, so there is no reference subject", () => {
    const subjects = localSubjects(files, [{ topic: "orders", value: "com.acme.Order" }], "inline", "c.json");
    expect(subjects.map((entry) => entry.subject)).toEqual(["orders-value"]);
    // Written in full where it is used, its namespace implied by the enclosing record's.
    expect(JSON.parse(subjects[0]?.schema.text ?? "").fields[1].type).toEqual({
      type: "record",
      name: "Address",
      fields: address.fields,
    });
  });

  it("carries the fingerprint generated classes carry", () => {
    const [subject] = localSubjects(files, [{ topic: "orders", value: "com.acme.Address" }], "registry", "c.json");
    const generated = generate(files, {
      longs: "number",
      references: "registry",
      runtimeModule: "schemakit/runtime/v1",
      topics: [],
      generatorVersion: "test",
    }).files.find((entry) => entry.path.endsWith("address.avro.ts"));
    expect(generated?.content).toContain(`fingerprint: "${subject?.schema.fingerprint}"`);
  });

  it("refuses a subject bound to two schemas, an unknown type, and a config without topics", () => {
    const twice = () =>
      localSubjects(
        files,
        [
          { topic: "x", value: "com.acme.Order" },
          { topic: "x", value: "com.acme.OrderKey" },
        ],
        "registry",
        "c.json",
      );
    expect(twice).toThrow(/subject "x-value" would get both com\.acme\.Order and com\.acme\.OrderKey/);
    expect(() => localSubjects(files, [{ topic: "x", value: "com.acme.Nope" }], "registry", "c.json")).toThrow(
      /no type com\.acme\.Nope/,
    );
    expect(() => localSubjects(files, [], "registry", "c.json")).toThrow(CodegenInputError);
  });
});
