import { describe, expect, it } from "vitest";
import { localSubjects } from "../../../../codegen/registry/local-subjects.js";
import { RegisteredVersions } from "../../../../codegen/registry/registered-versions.js";
import { registerSubjects } from "../../../../codegen/registry/register-subjects.js";
import { RegistryRejectedError, SchemaIncompatibleError } from "../../../../src/errors/index.js";
import type { RegistryClient } from "../../../../src/registry/index.js";

// What register does when the registry disagrees with the local check (a registry whose rules differ
// from Avro's): the refusal is a finding with the registry's words, not a crash. The registry here
// refuses every registration; registration itself is tested against the real registry.

const where = { method: "POST", url: "http://registry/subjects/orders-value/versions", subject: "orders-value" };

function refusingRegistry(): RegistryClient {
  const unknown = () => new RegistryRejectedError({ ...where, status: 404, registryErrorCode: 40401 }, "not found");
  const client = {
    lookup: async () => Promise.reject(unknown()),
    getVersions: async () => Promise.reject(unknown()),
    getCompatibility: async () => "BACKWARD",
    register: async () =>
      Promise.reject(new SchemaIncompatibleError({ ...where, status: 409 }, "Schema being registered is incompatible")),
  };
  return client as unknown as RegistryClient;
}

const order = { type: "record", name: "Order", namespace: "com.acme", fields: [{ name: "id", type: "string" }] };
const subjects = localSubjects(
  [{ file: "order.avsc", sha256: "0", schemas: [order], paths: ["$"] }],
  [{ topic: "orders", value: "com.acme.Order" }],
  "registry",
  "c.json",
);

describe("registerSubjects", () => {
  it("reports a registry refusal of a locally compatible schema as rejected, with the registry's message", async () => {
    const registry = refusingRegistry();
    const [registration] = await registerSubjects(registry, new RegisteredVersions(registry), subjects, "register");
    expect(registration).toMatchObject({ status: "rejected", version: undefined, schemaId: undefined });
    expect(registration?.check?.compatible).toBe(true);
    expect(registration?.registryMessage).toMatch(/HTTP 409.*Schema being registered is incompatible/);
  });

  it("registers nothing in a dry run or a lookup", async () => {
    const registry = refusingRegistry();
    for (const [mode, status] of [
      ["dry-run", "would-register"],
      ["lookup", "not-registered"],
    ] as const) {
      const [registration] = await registerSubjects(registry, new RegisteredVersions(registry), subjects, mode);
      expect(registration?.status).toBe(status);
    }
  });
});
