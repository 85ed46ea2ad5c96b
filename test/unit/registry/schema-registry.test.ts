import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, RegistryRejectedError, RegistryUnavailableError } from "../../../src/errors/index.js";
import type { Clock } from "../../../src/internal/clock.js";
import { SchemaRegistry } from "../../../src/registry/schema-registry.js";
import type { SubjectVersion } from "../../../src/registry/registry-client.js";
import { REGISTRY_DEFAULTS } from "../../../src/registry/registry-options.js";
import { startFakeRegistry, type FakeRegistry } from "../../support/fake-registry.js";
import { InMemoryRegistry } from "../../support/in-memory-registry.js";

const SCHEMA = JSON.stringify({
  type: "record",
  name: "User",
  namespace: "com.example",
  fields: [{ name: "id", type: "string" }],
});
const OTHER = JSON.stringify({
  type: "record",
  name: "User",
  namespace: "com.example",
  fields: [
    { name: "id", type: "string" },
    { name: "n", type: "int", default: 0 },
  ],
});

function manualClock(): Clock & { advance(ms: number): void } {
  let now = 1_000_000;
  return {
    now: () => now,
    sleep: async () => undefined,
    setTimeout: () => () => undefined,
    advance: (ms) => {
      now += ms;
    },
  };
}

function times<T>(count: number, make: (index: number) => T): T[] {
  return Array.from({ length: count }, (_, index) => make(index));
}

describe("SchemaRegistry over HTTP (requests counted at the fake registry)", () => {
  let fake: FakeRegistry;
  let clock: ReturnType<typeof manualClock>;
  let registry: SchemaRegistry;

  beforeEach(async () => {
    fake = await startFakeRegistry();
    clock = manualClock();
    registry = new SchemaRegistry({ url: fake.url, clock });
  });

  afterEach(async () => {
    await registry.close();
    await fake.close();
  });

  it("sends one request for 1,000 concurrent registrations of one schema, and none after", async () => {
    fake.latencyMs = 20;
    const ids = await Promise.all(times(1_000, () => registry.register("users-value", { schema: SCHEMA })));
    expect(new Set(ids)).toEqual(new Set([1]));
    await registry.register("users-value", { schema: SCHEMA });
    expect(fake.requests.get("POST /subjects/users-value/versions")).toBe(1);
    expect(fake.log).toHaveLength(1);
  });

  it("keys registrations by subject, schema and normalize", async () => {
    await Promise.all([
      registry.register("a", { schema: SCHEMA }),
      registry.register("b", { schema: SCHEMA }),
      registry.register("a", { schema: OTHER }),
      registry.register("a", { schema: SCHEMA }, { normalize: true }),
      registry.register("a", { schema: SCHEMA, references: [{ name: "x", subject: "x", version: 1 }] }),
    ]);
    expect(fake.log).toHaveLength(5);
  });

  it("keeps schemas by id for good, one request per id however many ask", async () => {
    const ids = await Promise.all([SCHEMA, OTHER].map((schema, i) => registry.register(`s${i}`, { schema })));
    fake.latencyMs = 10;
    await Promise.all(times(1_000, (i) => registry.getById(ids[i % 2] ?? 0)));
    clock.advance(365 * 24 * 3_600_000);
    await registry.getById(ids[0] ?? 0);
    expect(ids.map((id) => fake.requests.get(`GET /schemas/ids/${id}`))).toEqual([1, 1]);
  });

  it("learns an id's schema and a version from a lookup or a version answer", async () => {
    const id = await registry.register("s", { schema: SCHEMA });
    await registry.lookup("s", { schema: SCHEMA });
    expect(await registry.getById(id)).toEqual({ id, schema: SCHEMA, schemaType: "AVRO", references: [] });
    expect(await registry.getVersion("s", 1)).toMatchObject({ id, version: 1 });
    expect(fake.log).toEqual(["POST /subjects/s/versions", "POST /subjects/s"]);
  });

  it(`keeps "latest" for latestCacheTtlMs (${REGISTRY_DEFAULTS.latestCacheTtlMs} ms), sharing calls`, async () => {
    await fake.backend.register("s", { schema: SCHEMA });
    await Promise.all(times(100, () => registry.getVersion("s", "latest")));
    clock.advance(REGISTRY_DEFAULTS.latestCacheTtlMs - 1);
    await registry.getVersion("s", "latest");
    expect(fake.requests.get("GET /subjects/s/versions/latest")).toBe(1);
    // A version registered by someone else is seen once the TTL is over.
    await fake.backend.register("s", { schema: OTHER });
    clock.advance(1);
    expect(await registry.getVersion("s", "latest")).toMatchObject({ version: 2 });
    expect(fake.requests.get("GET /subjects/s/versions/latest")).toBe(2);
    // The latest answer also gave version 2 by number.
    await registry.getVersion("s", 2);
    expect(fake.requests.get("GET /subjects/s/versions/2")).toBeUndefined();
  });

  it("forgets its latest at once when it registers under the subject", async () => {
    await registry.register("s", { schema: SCHEMA });
    expect(await registry.getVersion("s", "latest")).toMatchObject({ version: 1 });
    await registry.register("s", { schema: OTHER });
    expect(await registry.getVersion("s", "latest")).toMatchObject({ version: 2 });
  });

  it("asks for latest every time with latestCacheTtlMs 0", async () => {
    const uncached = new SchemaRegistry({ url: fake.url, clock, latestCacheTtlMs: 0 });
    try {
      await fake.backend.register("s", { schema: SCHEMA });
      await Promise.all([uncached.getVersion("s", "latest"), uncached.getVersion("s", "latest")]);
      await uncached.getVersion("s", "latest");
      expect(fake.requests.get("GET /subjects/s/versions/latest")).toBe(2);
    } finally {
      await uncached.close();
    }
  });

  it("closes the HTTP client it made: later calls fail without a request", async () => {
    await registry.getSubjects();
    await registry.close();
    await expect(registry.getSubjects()).rejects.toThrow(/the client is closed/);
    expect(fake.log).toHaveLength(1);
  });
});

describe("SchemaRegistry caching rules (calls counted at an in-memory registry)", () => {
  let backend: InMemoryRegistry;
  let clock: ReturnType<typeof manualClock>;
  let registry: SchemaRegistry;
  const TTL = 1_000;

  beforeEach(() => {
    backend = new InMemoryRegistry();
    clock = manualClock();
    registry = new SchemaRegistry({ client: backend, clock, negativeCacheTtlMs: TTL });
  });

  it.each([
    ["getById", 40403, (r: SchemaRegistry) => r.getById(5)],
    ["lookup", 40401, (r: SchemaRegistry) => r.lookup("s", { schema: SCHEMA })],
    ["getVersion", 40401, (r: SchemaRegistry) => r.getVersion("s", 3)],
    ["getVersion", 40401, (r: SchemaRegistry) => r.getVersion("s", "latest")],
  ])("remembers a %s miss (%i) for the negative TTL, then asks again", async (operation, code, call) => {
    await expect(call(registry)).rejects.toMatchObject({ registryErrorCode: code });
    await Promise.all(times(50, () => expect(call(registry)).rejects.toBeInstanceOf(RegistryRejectedError)));
    clock.advance(TTL - 1);
    await expect(call(registry)).rejects.toMatchObject({ registryErrorCode: code });
    expect(backend.calls[operation]).toBe(1);
    clock.advance(1);
    await expect(call(registry)).rejects.toMatchObject({ registryErrorCode: code });
    expect(backend.calls[operation]).toBe(2);
  });

  it("remembers schema (40403) and version (40402) misses of an existing subject too", async () => {
    await backend.register("s", { schema: SCHEMA });
    for (let i = 0; i < 3; i += 1) {
      await expect(registry.lookup("s", { schema: OTHER })).rejects.toMatchObject({ registryErrorCode: 40403 });
      await expect(registry.getVersion("s", 7)).rejects.toMatchObject({ registryErrorCode: 40402 });
    }
    expect(backend.calls).toMatchObject({ lookup: 1, getVersion: 1 });
  });

  it("remembers no miss with negativeCacheTtlMs 0", async () => {
    const uncached = new SchemaRegistry({ client: backend, clock, negativeCacheTtlMs: 0 });
    await expect(uncached.getById(5)).rejects.toBeInstanceOf(RegistryRejectedError);
    await expect(uncached.getById(5)).rejects.toBeInstanceOf(RegistryRejectedError);
    expect(backend.calls["getById"]).toBe(2);
  });

  it("keeps at most 10,000 misses, dropping the oldest first", async () => {
    for (let id = 1; id <= 10_001; id += 1) await registry.getById(1_000 + id).catch(() => undefined);
    await registry.getById(1_001 + 10_000).catch(() => undefined);
    expect(backend.calls["getById"]).toBe(10_001);
    await registry.getById(1_001).catch(() => undefined);
    expect(backend.calls["getById"]).toBe(10_002);
  });

  it("forgets the subject's misses and the id's miss when a registration answers", async () => {
    await expect(registry.lookup("s", { schema: SCHEMA })).rejects.toMatchObject({ registryErrorCode: 40401 });
    await expect(registry.getVersion("s", "latest")).rejects.toMatchObject({ registryErrorCode: 40401 });
    await expect(registry.getVersion("s", 1)).rejects.toMatchObject({ registryErrorCode: 40401 });
    await expect(registry.getById(1)).rejects.toMatchObject({ registryErrorCode: 40403 });
    expect(await registry.register("s", { schema: SCHEMA })).toBe(1);
    // First, before a lookup or version answer could teach it id 1's schema.
    await expect(registry.getById(1)).resolves.toMatchObject({ id: 1, schema: SCHEMA });
    await expect(registry.lookup("s", { schema: SCHEMA })).resolves.toMatchObject({ version: 1 });
    await expect(registry.getVersion("s", "latest")).resolves.toMatchObject({ version: 1 });
    await expect(registry.getVersion("s", 1)).resolves.toMatchObject({ version: 1 });
  });

  it("remembers no other failure, and shares a failing call among concurrent callers", async () => {
    const register = backend.register.bind(backend);
    let attempts = 0;
    backend.register = async (subject, schema) => {
      attempts += 1;
      if (attempts === 1) throw new RegistryUnavailableError({ method: "POST", url: "memory://x" }, "down");
      return register(subject, schema);
    };
    const settled = await Promise.allSettled(times(50, () => registry.register("s", { schema: SCHEMA })));
    expect(settled.every((s) => s.status === "rejected")).toBe(true);
    expect(attempts).toBe(1);
    expect(await registry.register("s", { schema: SCHEMA })).toBe(1);
    expect(attempts).toBe(2);
  });

  it("forgets everything of a subject when it is deleted, and nothing of other subjects", async () => {
    await registry.register("s", { schema: SCHEMA });
    await registry.register("t", { schema: SCHEMA });
    await registry.lookup("s", { schema: SCHEMA });
    await registry.getVersion("s", 1);
    await registry.deleteSubject("s");
    expect(await registry.register("s", { schema: SCHEMA })).toBe(1);
    await registry.register("t", { schema: SCHEMA });
    expect(backend.calls["register"]).toBe(3);
    // The new registration is version 2: the cached version 1 and lookup answer are gone.
    await expect(registry.lookup("s", { schema: SCHEMA })).resolves.toMatchObject({ version: 2 });
    await expect(registry.getVersion("s", 1)).rejects.toMatchObject({ registryErrorCode: 40402 });
  });

  it("forgets a deleted version, the register answers and latest", async () => {
    await registry.register("s", { schema: SCHEMA });
    await registry.register("s", { schema: OTHER });
    await registry.getVersion("s", 2);
    await registry.getVersion("s", "latest");
    await registry.deleteVersion("s", 2);
    await expect(registry.getVersion("s", 2)).rejects.toMatchObject({ registryErrorCode: 40402 });
    await expect(registry.getVersion("s", "latest")).resolves.toMatchObject({ version: 1 });
    // Registering the deleted schema again reaches the registry, which makes it version 3.
    await registry.register("s", { schema: OTHER });
    expect(backend.calls["register"]).toBe(3);
    await expect(registry.getVersion("s", "latest")).resolves.toMatchObject({ version: 3 });
  });

  it("forgets the subject even when the delete fails (it may be gone though the answer was lost)", async () => {
    await registry.register("s", { schema: SCHEMA });
    backend.deleteSubject = async () => {
      throw new RegistryUnavailableError({ method: "DELETE", url: "memory://x" }, "answer lost");
    };
    await expect(registry.deleteSubject("s")).rejects.toBeInstanceOf(RegistryUnavailableError);
    await registry.register("s", { schema: SCHEMA });
    expect(backend.calls["register"]).toBe(2);
  });

  it("does not keep an answer to a call started before a delete of its subject", async () => {
    await backend.register("s", { schema: SCHEMA });
    const getVersion = backend.getVersion.bind(backend);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    backend.getVersion = async (subject, version) => {
      const answer = await getVersion(subject, version);
      await gate;
      return answer;
    };
    const early = registry.getVersion("s", "latest");
    await registry.deleteSubject("s");
    // A caller after the delete does not join the call started before it.
    const late = registry.getVersion("s", "latest").catch((e: unknown) => e);
    release();
    expect(await early).toMatchObject({ version: 1 } satisfies Partial<SubjectVersion>);
    expect(await late).toMatchObject({ registryErrorCode: 40402 });
    await expect(registry.getVersion("s", "latest")).rejects.toMatchObject({ registryErrorCode: 40402 });
  });

  it("never caches listings, compatibility, config or mode: setCompatibility has nothing to invalidate", async () => {
    await registry.register("s", { schema: SCHEMA });
    for (let i = 0; i < 2; i += 1) {
      await registry.getSubjects();
      await registry.getVersions("s");
      await registry.getSubjectsById(1);
      await registry.checkCompatibility("s", { schema: OTHER });
      await registry.getCompatibility("s");
      await registry.getMode();
    }
    expect(backend.calls).toMatchObject({
      getSubjects: 2,
      getVersions: 2,
      getSubjectsById: 2,
      checkCompatibility: 2,
      getCompatibility: 2,
      getMode: 2,
    });
    await registry.setCompatibility("FULL", "s");
    expect(await registry.getCompatibility("s")).toBe("FULL");
    await registry.setMode("READONLY", "s");
    expect(await registry.getMode("s")).toBe("READONLY");
  });

  it("shares concurrent listings while in flight", async () => {
    await Promise.all(
      times(20, () =>
        Promise.all([
          registry.getSubjects(),
          registry.getVersions("s").catch(() => undefined),
          registry.getSubjectsById(1).catch(() => undefined),
        ]),
      ),
    );
    expect(backend.calls).toMatchObject({ getSubjects: 1, getVersions: 1, getSubjectsById: 1 });
  });

  it("leaves an injected client open on close", async () => {
    let closed = 0;
    const closable = Object.assign(backend, { close: async () => void closed++ });
    await new SchemaRegistry({ client: closable }).close();
    expect(closed).toBe(0);
  });

  it("refuses connection options next to an injected client, and a bad TTL", () => {
    expect(() => new SchemaRegistry({ client: backend, url: "http://h" })).toThrow(ConfigError);
    expect(() => new SchemaRegistry({ client: backend, url: "http://h" })).toThrow(/invalid option "url"/);
    expect(() => new SchemaRegistry({ client: backend, negativeCacheTtlMs: -1 })).toThrow(
      /invalid option "negativeCacheTtlMs"/,
    );
    expect(() => new SchemaRegistry({ client: backend, latestCacheTtlMs: -1 })).toThrow(
      /invalid option "latestCacheTtlMs"/,
    );
  });
});
