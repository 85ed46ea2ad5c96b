import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, RegistryRejectedError, RegistryUnavailableError } from "../../../src/errors/index.js";
import type { Clock } from "../../../src/internal/clock.js";
import { SchemaRegistry } from "../../../src/registry/cached-registry.js";
import { startFakeRegistry, type FakeRegistry } from "../../support/fake-registry.js";
import { InMemoryRegistry } from "../../support/in-memory-registry.js";

const SCHEMA = JSON.stringify({ type: "record", name: "User", namespace: "com.example", fields: [{ name: "id", type: "string" }] });

function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  return { now: () => now, sleep: async () => undefined, advance: (ms) => void (now += ms) };
}

describe("SchemaRegistry over HTTP", () => {
  let fake: FakeRegistry;
  let registry: SchemaRegistry;

  beforeEach(async () => {
    fake = await startFakeRegistry();
    registry = new SchemaRegistry({ url: fake.url });
  });

  afterEach(async () => {
    await registry.close();
    await fake.close();
  });

  it("sends one request for 1,000 concurrent registrations of one schema, and none after", async () => {
    const ids = await Promise.all([...Array(1_000).keys()].map(() => registry.register("users-value", { schema: SCHEMA })));
    expect(new Set(ids)).toEqual(new Set([1]));
    await registry.register("users-value", { schema: SCHEMA });
    expect(fake.requests).toEqual(["POST /subjects/users-value/versions"]);
  });

  it("keeps schemas by id for good", async () => {
    const id = await registry.register("s", { schema: SCHEMA });
    await Promise.all([registry.getById(id), registry.getById(id)]);
    await registry.getById(id);
    expect(fake.requests.filter((r) => r.startsWith("GET /schemas/ids"))).toHaveLength(1);
  });

  it("always asks for the latest version, sharing only calls in flight", async () => {
    await registry.register("s", { schema: SCHEMA });
    await Promise.all([registry.getVersion("s", "latest"), registry.getVersion("s", "latest")]);
    await registry.getVersion("s", "latest");
    expect(fake.requests.filter((r) => r === "GET /subjects/s/versions/latest")).toHaveLength(2);
  });
});

describe("SchemaRegistry caching rules", () => {
  let backend: InMemoryRegistry;
  let clock: ReturnType<typeof manualClock>;
  let registry: SchemaRegistry;

  beforeEach(() => {
    backend = new InMemoryRegistry();
    clock = manualClock();
    registry = new SchemaRegistry({ client: backend, clock, negativeCacheTtlMs: 1_000 });
  });

  it("remembers a 'not found' for the negative TTL, then asks again", async () => {
    await expect(registry.getById(5)).rejects.toBeInstanceOf(RegistryRejectedError);
    await expect(registry.getById(5)).rejects.toMatchObject({ registryErrorCode: 40403 });
    expect(backend.calls["getById"]).toBe(1);
    clock.advance(1_001);
    await expect(registry.getById(5)).rejects.toBeInstanceOf(RegistryRejectedError);
    expect(backend.calls["getById"]).toBe(2);
  });

  it("forgets a subject's misses when a schema is registered under it", async () => {
    await expect(registry.lookup("s", { schema: SCHEMA })).rejects.toMatchObject({ registryErrorCode: 40401 });
    await registry.register("s", { schema: SCHEMA });
    await expect(registry.lookup("s", { schema: SCHEMA })).resolves.toMatchObject({ version: 1 });
  });

  it("does not remember other failures", async () => {
    const getById = backend.getById.bind(backend);
    let failures = 1;
    backend.getById = async (id) => {
      if (failures-- > 0) throw new RegistryUnavailableError({ method: "GET", url: "memory://x" }, "down");
      return getById(id);
    };
    const id = await backend.register("s", { schema: SCHEMA });
    await expect(registry.getById(id)).rejects.toBeInstanceOf(RegistryUnavailableError);
    await expect(registry.getById(id)).resolves.toMatchObject({ id });
  });

  it("drops a subject's cached versions when they are deleted", async () => {
    await registry.register("s", { schema: SCHEMA });
    await registry.getVersion("s", 1);
    await registry.deleteVersion("s", 1);
    await expect(registry.getVersion("s", 1)).rejects.toMatchObject({ registryErrorCode: 40402 });
  });

  it("rejects a negative TTL", () => {
    expect(() => new SchemaRegistry({ client: backend, negativeCacheTtlMs: -1 })).toThrow(ConfigError);
  });
});
