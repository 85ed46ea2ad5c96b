import { afterAll, describe, expect, it } from "vitest";
import { evolutionWalkthrough } from "../../examples/evolution/walkthrough.js";
import { SchemaRegistry } from "../../src/registry/index.js";
import { requireServices, uniqueName } from "../support/services.js";

// The evolution example (examples/evolution) against the real registry: both versions registered under
// FULL_TRANSITIVE, each version's class reading the other's data. Expected values follow the Avro
// specification's resolution rules: a reader field found through its alias, a missing field taking its
// default, an unknown enum symbol taking the enum's default.

const services = requireServices();
const registries: SchemaRegistry[] = [];

afterAll(async () => {
  await Promise.all(registries.map((registry) => registry.close()));
});

describe("examples/evolution", () => {
  it("v1 and v2 register as versions 1 and 2 and read each other's data", async () => {
    const registry = new SchemaRegistry({ url: services().schemaRegistryUrl });
    registries.push(registry);
    const topic = uniqueName("evolution-example");
    const { v2ReadsV1, v1ReadsV2, schemaIds } = await evolutionWalkthrough(registry, topic);
    expect(await registry.getVersions(`${topic}-value`)).toEqual([1, 2]);
    expect((await registry.getVersion(`${topic}-value`, 1)).id).toBe(schemaIds.v1);
    expect((await registry.getVersion(`${topic}-value`, 2)).id).toBe(schemaIds.v2);
    expect(await registry.getCompatibility(`${topic}-value`)).toBe("FULL_TRANSITIVE");
    expect({ ...v2ReadsV1 }).toEqual({ id: "o-1", amount: 12.5, status: "SHIPPED", buyer: "ada", note: null });
    expect({ ...v1ReadsV2 }).toEqual({ id: "o-2", amount: 3, status: "PLACED", customer: "" });
  });
});
