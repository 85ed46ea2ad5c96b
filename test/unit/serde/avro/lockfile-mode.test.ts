import avsc from "avsc";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../../src/errors/index.js";
import { parseSchemaLockfile, type RegistryClient } from "../../../../src/registry/index.js";
import { defineAvroRecord } from "../../../../src/runtime/v1/index.js";
import { createSerializer } from "../../../../src/serde/index.js";
import { User } from "../../codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";

// A serializer given the schema lockfile: the id comes from the lockfile, and the registry is never
// called (every method of this one throws and counts).
function unreachableRegistry(): { registry: RegistryClient; calls: string[] } {
  const calls: string[] = [];
  const registry = new Proxy(
    {},
    {
      get: (_target, property) => () => {
        calls.push(String(property));
        throw new Error("the registry must not be called");
      },
    },
  ) as RegistryClient;
  return { registry, calls };
}

function lockfile(entry: Partial<{ schema: string; id: number; fingerprint: string }> = {}, subject = "users-value") {
  return parseSchemaLockfile({
    lockfileVersion: 1,
    subjects: {
      [subject]: { schema: "com.acme.evolution.User", version: 3, id: 77, fingerprint: "548bca6b1b193ab9", ...entry },
    },
  });
}

describe("AvroSerializer with a lockfile", () => {
  it("writes with the locked id and makes no registry call", async () => {
    const { registry, calls } = unreachableRegistry();
    const serializer = createSerializer(User, { registry, lockfile: lockfile() });
    const user = new User({ id: "u1", name: "Ada", legacyScore: 5 });
    const bytes = await serializer.serialize("users", user);
    expect(calls).toEqual([]);
    expect(bytes.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 0, 77]));
    // The payload is plain Avro of the generated schema, read here by avsc alone.
    const decoded = avsc.Type.forSchema(JSON.parse(User.schema.schema) as avsc.Schema).fromBuffer(bytes.subarray(5));
    expect(decoded).toMatchObject({ id: "u1", name: "Ada", legacyScore: 5 });
    expect(await serializer.prepare("users")).toEqual({ topic: "users", subject: "users-value", schemaId: 77 });
  });

  it("computes the fingerprint of a descriptor that carries none", async () => {
    const { registry } = unreachableRegistry();
    // The same schema as the generated User, defined by hand without a fingerprint.
    const Hand = defineAvroRecord<{ id: string; name: string; legacyScore: number }>({ schema: User.schema.schema });
    const serializer = createSerializer(Hand, { registry, lockfile: lockfile() });
    expect((await serializer.prepare("users")).schemaId).toBe(77);
  });

  it("refuses a subject not in the lockfile, another schema, and a changed schema, at prepare", async () => {
    const { registry, calls } = unreachableRegistry();
    const prepare = (locked: ReturnType<typeof lockfile>) =>
      createSerializer(User, { registry, lockfile: locked }).prepare("users");
    await expect(prepare(lockfile({}, "orders-value"))).rejects.toThrow(
      /expected subject "users-value" in the lockfile \(run schemakit register\), got "not there"/,
    );
    await expect(prepare(lockfile({ schema: "com.acme.Other" }))).rejects.toThrow(ConfigError);
    await expect(prepare(lockfile({ fingerprint: "0000000000000000" }))).rejects.toThrow(
      /locked with fingerprint 548bca6b1b193ab9: the schema changed .*got "0000000000000000"/,
    );
    expect(calls).toEqual([]);
  });

  it("is not combined with useLatest, schemaId or autoRegister: true", () => {
    const { registry } = unreachableRegistry();
    for (const extra of [{ useLatest: true }, { schemaId: 1 }, { autoRegister: true }]) {
      expect(() => createSerializer(User, { registry, lockfile: lockfile(), ...extra })).toThrow(
        /"lockfile": expected not together with useLatest/,
      );
    }
    expect(() => createSerializer(User, { registry, lockfile: {} as ReturnType<typeof lockfile> })).toThrow(
      /"lockfile": expected a lockfile from parseSchemaLockfile/,
    );
  });
});
