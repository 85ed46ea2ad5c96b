import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadBoundSchemas } from "../../../../codegen/registry/bound-schemas.js";
import { CodegenInputError } from "../../../../src/errors/index.js";

// The subjects a config binds to Protobuf messages: the registered text is the file's canonical text, each
// import a reference subject named by its path, registered first; the fingerprint is the lockfile's.

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "schemakit-local-proto-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), text);
}

const MONEY = 'syntax = "proto3";\npackage shop;\n// units\nmessage Money { int64 units = 1; }\n';
const ORDER = 'syntax = "proto3";\npackage shop;\nimport "shop/money.proto";\nmessage Order { Money total = 1; }\n';
// A custom option: the printer cannot render it, so the file cannot be registered as .proto text.
const CUSTOM =
  'syntax = "proto3";\npackage other;\nimport "google/protobuf/descriptor.proto";\n' +
  'extend google.protobuf.MessageOptions { string tag = 50001; }\nmessage Tagged { option (tag) = "x"; }\n';

async function project(topics: Record<string, unknown>): Promise<void> {
  await put("schemakit.config.json", JSON.stringify({ inputs: ["protos"], protoPaths: ["protos"], topics }));
  await put("protos/shop/money.proto", MONEY);
  await put("protos/shop/order.proto", ORDER);
  await put("protos/other/custom.proto", CUSTOM);
}

describe("local Protobuf subjects", () => {
  it("binds key and value messages, imports first under their paths, with the lockfile fingerprint", async () => {
    await project({
      orders: { value: "shop.Order", key: "shop.Money" },
      payments: { value: "shop.Order", subjectNameStrategy: "record" },
    });
    const { subjects } = await loadBoundSchemas(undefined, dir);
    expect(subjects.map((entry) => [entry.subject, entry.role, entry.schema.fullName, entry.schema.format])).toEqual([
      ["orders-key", "key", "shop.Money", "protobuf"],
      ["shop/money.proto", "reference", "shop/money.proto", "protobuf"],
      ["orders-value", "value", "shop.Order", "protobuf"],
      ["shop.Order", "value", "shop.Order", "protobuf"],
    ]);
    const [key, money, order] = subjects;
    expect(order?.schema.references).toEqual(["shop/money.proto"]);
    expect(money?.schema.references).toEqual([]);
    expect(order?.schema.text).toContain('import "shop/money.proto";');
    expect(money?.schema.text).not.toContain("units\n");
    // The fingerprint's definition, from the texts alone: imports first, SHA-256 of the JSON array.
    const expected = createHash("sha256")
      .update(JSON.stringify([money?.schema.text, order?.schema.text]))
      .digest("hex")
      .slice(0, 16);
    expect(order?.schema.fingerprint).toBe(expected);
    // A subject registers a file: both messages of one file would share its text and fingerprint.
    expect(key?.schema.fingerprint).toBe(money?.schema.fingerprint);
  });

  it("a file the printer cannot render fails the subjects that name it, not the others", async () => {
    await project({ orders: { value: "shop.Order" }, tagged: { value: "other.Tagged" } });
    const { subjects } = await loadBoundSchemas(undefined, dir);
    expect(subjects.find((entry) => entry.subject === "orders-value")?.schema.text).toContain("message Order");
    const tagged = subjects.find((entry) => entry.subject === "tagged-value");
    expect(() => tagged?.schema.text).toThrow(CodegenInputError);
    expect(() => tagged?.schema.text).toThrow(/cannot register it as \.proto text/);
  });
});
