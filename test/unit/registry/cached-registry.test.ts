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
    expect(fake.requests.get("POST /subjects/users-value/versions")).toBe(1);
    expect(fake.log).toHaveLength(1);
  });

  it("keeps schemas by id for good", async () => {
    const id = await registry.register("s", { schema: SCHEMA });
    await Promise.all([registry.getById(id), registry.getById(id)]);
    await registry.getById(id);
    expect(fake.requests.get(`GET /schemas/ids/${id}`)).toBe(1);
  });

  it("always asks for the latest version, sharing only calls in flight", async () => {
    await registry.register("s", { schema: SCHEMA });
    await Promise.all([registry.getVersion("s", "latest"), registry.getVersion("s", "latest")]);
    await registry.getVersion("s", "latest");
    expect(fake.requests.get("GET /subjects/s/versions/latest")).toBe(2);
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

  it("remembers lookup and numbered-version misses too, until the TTL ends", async () => {
    await backend.register("s", { schema: SCHEMA });
    const other = { schema: JSON.stringify({ type: "string" }) };
    await expect(registry.lookup("s", other)).rejects.toMatchObject({ registryErrorCode: 40403 });
    await expect(registry.lookup("s", other)).rejects.toMatchObject({ registryErrorCode: 40403 });
    await expect(registry.getVersion("s", 7)).rejects.toMatchObject({ registryErrorCode: 40402 });
    await expect(registry.getVersion("s", 7)).rejects.toMatchObject({ registryErrorCode: 40402 });
    expect(backend.calls).toMatchObject({ lookup: 1, getVersion: 1 });
    clock.advance(1_001);
    await expect(registry.getVersion("s", 7)).rejects.toBeInstanceOf(RegistryRejectedError);
    expect(backend.calls["getVersion"]).toBe(2);
  });

  it("forgets a missing id once a registration answers that id", async () => {
    await expect(registry.getById(1)).rejects.toMatchObject({ registryErrorCode: 40403 });
    expect(await registry.register("s", { schema: SCHEMA })).toBe(1);
    await expect(registry.getById(1)).resolves.toMatchObject({ id: 1, schema: SCHEMA });
  });

  it("shares a failing call among concurrent callers, and asks again afterwards", async () => {
    const register = backend.register.bind(backend);
    let failures = 1;
    backend.register = async (subject, schema) => {
      backend.calls["attempts"] = (backend.calls["attempts"] ?? 0) + 1;
      if (failures-- > 0) throw new RegistryUnavailableError({ method: "POST", url: "memory://x" }, "down");
      return register(subject, schema);
    };
    const settled = await Promise.allSettled([...Array(50).keys()].map(() => registry.register("s", { schema: SCHEMA })));
    expect(settled.every((s) => s.status === "rejected")).toBe(true);
    expect(backend.calls["attempts"]).toBe(1);
    expect(await registry.register("s", { schema: SCHEMA })).toBe(1);
    expect(backend.calls["attempts"]).toBe(2);
  });

  it("keeps register answers per subject and content, and forgets them when the subject is deleted", async () => {
    await registry.register("s", { schema: SCHEMA });
    await registry.register("s", { schema: SCHEMA });
    await registry.register("t", { schema: SCHEMA });
    expect(backend.calls["register"]).toBe(2);
    await registry.deleteSubject("s");
    await registry.register("s", { schema: SCHEMA });
    expect(backend.calls["register"]).toBe(3);
  });

  it("leaves an injected client open on close", async () => {
    let closed = 0;
    const closable = Object.assign(backend, { close: async () => void closed++ });
    await new SchemaRegistry({ client: closable }).close();
    expect(closed).toBe(0);
  });

  it("rejects a negative TTL", () => {
    expect(() => new SchemaRegistry({ client: backend, negativeCacheTtlMs: -1 })).toThrow(ConfigError);
  });
});
