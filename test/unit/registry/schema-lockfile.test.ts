import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors/index.js";
import { parseSchemaLockfile, toSchemaLockfileJson } from "../../../src/registry/index.js";

const entry = { schema: "com.acme.Order", version: 3, id: 42, fingerprint: "0123456789abcdef" };

describe("schema lockfile", () => {
  it("reads subjects and writes them back in name order, with the same keys", () => {
    const json = {
      lockfileVersion: 1,
      registry: "http://registry:8081",
      subjects: { "orders-value": entry, "com.acme.Address": { ...entry, schema: "com.acme.Address", id: 7 } },
    };
    const lockfile = parseSchemaLockfile(json);
    expect(lockfile.registry).toBe("http://registry:8081");
    expect(lockfile.subjects.get("orders-value")).toEqual({
      schema: "com.acme.Order",
      version: 3,
      schemaId: 42,
      fingerprint: "0123456789abcdef",
    });
    const written = toSchemaLockfileJson(lockfile);
    expect(JSON.stringify(written)).toBe(
      JSON.stringify({
        lockfileVersion: 1,
        registry: "http://registry:8081",
        subjects: { "com.acme.Address": json.subjects["com.acme.Address"], "orders-value": entry },
      }),
    );
  });

  it("keeps a subject named __proto__ as data", () => {
    const lockfile = parseSchemaLockfile(
      JSON.parse(`{"lockfileVersion":1,"subjects":{"__proto__":${JSON.stringify(entry)}}}`),
    );
    expect([...lockfile.subjects.keys()]).toEqual(["__proto__"]);
    const written = toSchemaLockfileJson(lockfile) as { subjects: object };
    expect(Object.getPrototypeOf(written.subjects)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(written)).subjects).toHaveProperty("__proto__");
  });

  it("refuses every malformed value, naming its JSON path", () => {
    const cases: [unknown, RegExp][] = [
      [null, /"lockfile": expected a JSON object/],
      [{ lockfileVersion: 2, subjects: {} }, /"lockfile\.lockfileVersion": expected 1, got 2/],
      [{ lockfileVersion: 1 }, /"lockfile\.subjects": expected a JSON object/],
      [{ lockfileVersion: 1, registry: 5, subjects: {} }, /"lockfile\.registry"/],
      [{ lockfileVersion: 1, subjects: { s: { ...entry, id: -1 } } }, /"lockfile\.subjects\["s"\]\.id"/],
      [{ lockfileVersion: 1, subjects: { s: { ...entry, id: 2 ** 31 } } }, /"lockfile\.subjects\["s"\]\.id"/],
      [{ lockfileVersion: 1, subjects: { s: { ...entry, version: 0 } } }, /"lockfile\.subjects\["s"\]\.version"/],
      [{ lockfileVersion: 1, subjects: { s: { ...entry, version: 1.5 } } }, /\.version"/],
      [{ lockfileVersion: 1, subjects: { s: { ...entry, fingerprint: "ABCDEF0123456789" } } }, /\.fingerprint"/],
      [{ lockfileVersion: 1, subjects: { s: { ...entry, schema: "" } } }, /\.schema"/],
      [{ lockfileVersion: 1, subjects: { s: { ...entry, extra: true } } }, /"lockfile\.subjects\["s"\]\.extra"/],
      [{ lockfileVersion: 1, subjects: { s: [] } }, /"lockfile\.subjects\["s"\]": expected a JSON object/],
    ];
    for (const [json, message] of cases) {
      expect(() => parseSchemaLockfile(json), JSON.stringify(json)).toThrow(ConfigError);
      expect(() => parseSchemaLockfile(json), JSON.stringify(json)).toThrow(message);
    }
  });
});
