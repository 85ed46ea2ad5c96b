import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RegisteredVersions } from "../../../../codegen/registry/registered-versions.js";
import { CodegenInputError, RegistryRejectedError } from "../../../../src/errors/index.js";
import type { RegistryClient, SubjectVersion } from "../../../../src/registry/index.js";
import { PROTO_FIXTURES } from "../../serde/protobuf/compiled-fixture.js";

// What the registry answers is input: every malformed answer is a typed error naming the subject version.
// The registry here answers from a table; the real registry is in the integration tests.

function registryAnswering(versions: Record<string, readonly SubjectVersion[]>): RegistryClient & { calls: string[] } {
  const calls: string[] = [];
  const missing = (subject: string) =>
    new RegistryRejectedError({ method: "GET", url: "http://x", subject, status: 404, registryErrorCode: 40401 }, "no");
  const client = {
    calls,
    getVersions: async (subject: string) => {
      calls.push(`versions ${subject}`);
      const found = versions[subject];
      if (found === undefined) throw missing(subject);
      return found.map((entry) => entry.version);
    },
    getVersion: async (subject: string, version: number | "latest") => {
      calls.push(`version ${subject} ${version}`);
      const found = versions[subject]?.find((entry) => entry.version === version);
      if (found === undefined) throw missing(subject);
      return found;
    },
  };
  return client as unknown as RegistryClient & { calls: string[] };
}

function stored(subject: string, version: number, schema: string, extra: Partial<SubjectVersion> = {}): SubjectVersion {
  return { subject, version, id: version, schema, schemaType: "AVRO", references: [], ...extra };
}

const address = JSON.stringify({ type: "record", name: "Address", namespace: "a", fields: [] });
const order = JSON.stringify({
  type: "record",
  name: "Order",
  namespace: "a",
  fields: [{ name: "to", type: "a.Address" }],
});

describe("RegisteredVersions", () => {
  it("reads every version oldest first with references resolved, each subject version fetched once", async () => {
    const reference = { name: "a.Address", subject: "a.Address", version: 1 };
    const registry = registryAnswering({
      "a.Address": [stored("a.Address", 1, address)],
      orders: [
        stored("orders", 2, order, { references: [reference] }),
        stored("orders", 1, order, { references: [reference] }),
      ],
    });
    const history = await new RegisteredVersions(registry).history("orders");
    expect(history.map((entry) => entry.stored.version)).toEqual([1, 2]);
    expect(history[0]).toMatchObject({ format: "avro", node: { fullName: "a.Order" } });
    expect(registry.calls.filter((call) => call === "version a.Address 1")).toHaveLength(1);
  });

  it("answers no versions for a subject the registry does not know", async () => {
    expect(await new RegisteredVersions(registryAnswering({})).history("nobody")).toEqual([]);
  });

  it("refuses a schema that is not JSON, not Avro, not valid, or nested past the stack", async () => {
    let deep = '"string"';
    for (let depth = 0; depth < 20_000; depth += 1) deep = `{"type":"array","items":${deep}}`;
    const cases: [SubjectVersion, RegExp][] = [
      [stored("s", 1, "{ nope"), /registry subject s version 1: the registry answered a schema that is not JSON/],
      [stored("s", 1, "{}", { schemaType: "JSON" }), /a JSON schema; only Avro and Protobuf are checked/],
      [stored("s", 1, JSON.stringify({ type: "record", name: "R", fields: [{ name: "x", type: "Nope" }] })), /Nope/],
      [
        stored("s", 1, deep),
        /^read registry subject s version 1 at .*schemas nested more than \d+ deep are not accepted/,
      ],
    ];
    for (const [answer, message] of cases) {
      const versions = new RegisteredVersions(registryAnswering({ s: [answer] }));
      const failure = await versions.history("s").catch((error: unknown) => error);
      expect(failure, String(message)).toBeInstanceOf(CodegenInputError);
      expect((failure as Error).message).toMatch(message);
    }
  });

  it("compiles a Protobuf version with its references under their names; a base64 descriptor as text", async () => {
    const money = 'syntax = "proto3";\npackage acme;\n\nmessage Money {\n  int64 units = 1;\n}\n';
    const orderProto =
      'syntax = "proto3";\npackage acme;\nimport "acme/money.proto";\nmessage Order { acme.Money total = 1; }\n';
    const python = readFileSync(join(PROTO_FIXTURES, "python/money.proto.b64"), "utf8").trim();
    const reference = { name: "acme/money.proto", subject: "money-subject", version: 1 };
    const registry = registryAnswering({
      "money-subject": [stored("money-subject", 1, money, { schemaType: "PROTOBUF" })],
      orders: [stored("orders", 1, orderProto, { schemaType: "PROTOBUF", references: [reference] })],
      pyMoney: [stored("pyMoney", 1, python, { schemaType: "PROTOBUF" })],
    });
    const [order] = await new RegisteredVersions(registry).history("orders");
    if (order?.format !== "protobuf") throw new Error("expected a Protobuf version");
    expect(order.compiled.rootPath).toBe("orders.proto");
    expect(order.compiled.files.map((file) => file.path)).toEqual(["acme/money.proto", "orders.proto"]);
    expect(order.compiled.files[1]?.text).toMatch(
      /^syntax = "proto3";\n\npackage acme;\n\nimport "acme\/money.proto";\n/,
    );
    expect(order.compiled.proto.types.map((type) => type.fullName)).toEqual(["acme.Order"]);
    expect(order.compiled.proto.byFullName.has("acme.Money")).toBe(true);
    const [pulledPython] = await new RegisteredVersions(registry).history("pyMoney");
    if (pulledPython?.format !== "protobuf") throw new Error("expected a Protobuf version");
    expect(pulledPython.compiled.files[0]?.text).toMatch(
      /^syntax = "proto3";\n\npackage acme\.common;\n\nmessage Money \{/,
    );
  });

  it("refuses Protobuf reference names that would leave the folder, and text that does not compile", async () => {
    const importer = (path: string) => `syntax = "proto3";\nimport "${path}";\nmessage A { B b = 1; }\n`;
    const b = 'syntax = "proto3";\nmessage B {}\n';
    const cases: [Record<string, readonly SubjectVersion[]>, RegExp][] = [
      [
        {
          b: [stored("b", 1, b, { schemaType: "PROTOBUF" })],
          s: [
            stored("s", 1, importer("../b.proto"), {
              schemaType: "PROTOBUF",
              references: [{ name: "../b.proto", subject: "b", version: 1 }],
            }),
          ],
        },
        /registry subject s version 1: refusing the reference name "\.\.\/b\.proto"/,
      ],
      [
        {
          b: [stored("b", 1, b, { schemaType: "PROTOBUF" })],
          s: [
            stored("s", 1, importer("/etc/b.proto"), {
              schemaType: "PROTOBUF",
              references: [{ name: "/etc/b.proto", subject: "b", version: 1 }],
            }),
          ],
        },
        /refusing the reference name "\/etc\/b\.proto"/,
      ],
      [
        { s: [stored("s", 1, 'syntax = "proto3";\nmessage A { strin x = 1; }\n', { schemaType: "PROTOBUF" })] },
        /registry subject s version 1: cannot compile the registered schema: .*strin/,
      ],
      [
        {
          b: [stored("b", 1, "{}", { schemaType: "AVRO" })],
          s: [
            stored("s", 1, importer("b.proto"), {
              schemaType: "PROTOBUF",
              references: [{ name: "b.proto", subject: "b", version: 1 }],
            }),
          ],
        },
        /reference b\.proto is a AVRO schema, not Protobuf/,
      ],
    ];
    for (const [answers, message] of cases) {
      const failure = await new RegisteredVersions(registryAnswering(answers)).history("s").catch((e: unknown) => e);
      expect(failure, String(message)).toBeInstanceOf(CodegenInputError);
      expect((failure as Error).message).toMatch(message);
    }
  });
});
