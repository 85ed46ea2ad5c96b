import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  RegistryRejectedError,
  RegistryUnavailableError,
  SchemaIncompatibleError,
} from "../../../src/errors/index.js";
import type { Clock } from "../../../src/internal/clock.js";
import { HttpRegistryClient } from "../../../src/registry/http-registry-client.js";
import { startFakeRegistry, type FakeRegistry } from "../../support/fake-registry.js";

const SCHEMA = JSON.stringify({ type: "record", name: "User", namespace: "com.example", fields: [{ name: "id", type: "string" }] });

// Backoff without waiting: the delays asked for are recorded instead.
function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => 0, sleep: async (ms) => void sleeps.push(ms) };
}

async function deadUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/ccompat`;
}

let fake: FakeRegistry;
let clients: HttpRegistryClient[];

function client(options: ConstructorParameters<typeof HttpRegistryClient>[0], clock: Clock = recordingClock()): HttpRegistryClient {
  const created = new HttpRegistryClient(options, clock);
  clients.push(created);
  return created;
}

beforeEach(async () => {
  fake = await startFakeRegistry();
  clients = [];
});

afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await fake.close();
});

describe("HttpRegistryClient", () => {
  it("speaks the Confluent REST API: register, lookup, by id, versions, subjects", async () => {
    const registry = client({ url: fake.url });
    const id = await registry.register("users-value", { schema: SCHEMA });
    expect(await registry.register("users-value", { schema: SCHEMA })).toBe(id);
    expect(await registry.lookup("users-value", { schema: SCHEMA })).toEqual({
      subject: "users-value", version: 1, id, schema: SCHEMA, schemaType: "AVRO", references: [],
    });
    expect(await registry.getById(id)).toEqual({ id, schema: SCHEMA, schemaType: "AVRO", references: [] });
    expect(await registry.getSubjectsById(id)).toEqual(["users-value"]);
    expect(await registry.getVersions("users-value")).toEqual([1]);
    expect(await registry.getVersion("users-value", "latest")).toMatchObject({ version: 1, id });
    expect(await registry.getSubjects()).toEqual(["users-value"]);
    expect(fake.log.slice(0, 2)).toEqual(["POST /subjects/users-value/versions", "POST /subjects/users-value/versions"]);
    expect(fake.headers[0]?.["content-type"]).toBe("application/vnd.schemaregistry.v1+json");
  });

  it("percent-encodes subjects, so '/' travels as %2F", async () => {
    await client({ url: fake.url }).register("a/b.proto", { schema: SCHEMA });
    expect(fake.log).toEqual(["POST /subjects/a%2Fb.proto/versions"]);
    expect(await fake.backend.getSubjects()).toEqual(["a/b.proto"]);
  });

  it("sends normalize, permanent and verbose as query parameters", async () => {
    const registry = client({ url: fake.url });
    await registry.register("s", { schema: SCHEMA }, { normalize: true });
    await registry.checkCompatibility("s", { schema: SCHEMA });
    await registry.deleteSubject("s");
    await registry.deleteSubject("s", { permanent: true });
    expect(fake.log).toEqual([
      "POST /subjects/s/versions?normalize=true",
      "POST /compatibility/subjects/s/versions/latest?verbose=true",
      "DELETE /subjects/s",
      "DELETE /subjects/s?permanent=true",
    ]);
  });

  it("maps 409 to SchemaIncompatibleError, other 4xx to RegistryRejectedError, without retrying", async () => {
    const clock = recordingClock();
    const registry = client({ url: fake.url }, clock);
    fake.failNext(/^POST \/subjects\/s\/versions/, 409, 1, 409);
    await expect(registry.register("s", { schema: SCHEMA })).rejects.toBeInstanceOf(SchemaIncompatibleError);
    fake.failNext(/^POST \/subjects\/s\/versions/, 422, 1, 42201);
    const invalid = await registry.register("s", { schema: SCHEMA }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(RegistryRejectedError);
    expect(invalid).toMatchObject({ status: 422, registryErrorCode: 42201, subject: "s", retriable: false });
    const missing = await registry.getById(77).catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, registryErrorCode: 40403, schemaId: 77, method: "GET", url: `${fake.url}/schemas/ids/77` });
    expect(fake.log).toHaveLength(3);
    expect(clock.sleeps).toEqual([]);
  });

  it.each([408, 425, 429, 500, 503])("retries HTTP %i with bounded jittered backoff, then succeeds", async (status) => {
    const clock = recordingClock();
    const registry = client({ url: fake.url, retries: 3, retryInitialDelayMs: 100, retryMaxDelayMs: 150 }, clock);
    fake.failNext(/^GET \/subjects$/, status, 3);
    expect(await registry.getSubjects()).toEqual([]);
    expect(fake.log).toHaveLength(4);
    expect(clock.sleeps).toHaveLength(3);
    // Ceilings 100, 150 (capped), 150.
    clock.sleeps.forEach((ms, i) => expect(ms).toBeLessThanOrEqual([100, 150, 150][i] ?? 0));
  });

  it("gives up after its retries with RegistryUnavailableError", async () => {
    const registry = client({ url: fake.url, retries: 2 });
    fake.failNext(/^GET \/subjects$/, 503, 10);
    const error = await registry.getSubjects().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(error).toMatchObject({ status: 503, retriable: true });
    expect(fake.log).toHaveLength(3);
  });

  it("fails over from a URL nothing answers to the next one", async () => {
    const dead = await deadUrl();
    const registry = client({ urls: [dead, fake.url], retries: 1 });
    expect(await registry.register("s", { schema: SCHEMA })).toBe(1);
    expect(fake.log).toEqual(["POST /subjects/s/versions"]);
    const allDead = client({ urls: [dead], retries: 1 });
    await expect(allDead.getSubjects()).rejects.toThrow(/no answer: ECONNREFUSED/);
  });

  it("sends basic auth from the URL's userinfo and never shows the credentials", async () => {
    const withUserinfo = fake.url.replace("http://", "http://alice:s3cret%21@");
    const registry = client({ url: withUserinfo });
    fake.failNext(/^GET \/subjects$/, 401, 1, 40101);
    const error = (await registry.getSubjects().catch((e: unknown) => e)) as RegistryRejectedError;
    expect(fake.headers[0]?.authorization).toBe(`Basic ${Buffer.from("alice:s3cret!").toString("base64")}`);
    const shown = `${error.message} ${JSON.stringify(error.toJSON())} ${error.url}`;
    expect(shown).not.toMatch(/alice|s3cret|Basic/);
    expect(error.url).toBe(`${fake.url}/subjects`);
  });

  it("keeps the query and a bearer token out of errors", async () => {
    const registry = client({ url: fake.url, auth: { bearer: "t0k3n-secret" } });
    fake.failNext(/^POST \/subjects\/s\/versions/, 422, 1, 42201);
    const error = (await registry.register("s", { schema: SCHEMA }, { normalize: true }).catch((e: unknown) => e)) as RegistryRejectedError;
    expect(error).toBeInstanceOf(RegistryRejectedError);
    expect(fake.log).toEqual(["POST /subjects/s/versions?normalize=true"]);
    expect(error.url).toBe(`${fake.url}/subjects/s/versions`);
    expect(`${error.message} ${JSON.stringify(error.toJSON())}`).not.toMatch(/t0k3n|Bearer|normalize/);
  });

  it("turns a request that outlives requestTimeoutMs into RegistryUnavailableError", async () => {
    // Accepts connections and never answers.
    const silent = createHttpServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as { port: number };
      const registry = client({ url: `http://127.0.0.1:${port}`, requestTimeoutMs: 50, retries: 1 });
      const error = await registry.getSubjects().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RegistryUnavailableError);
      expect(error).toMatchObject({ status: undefined, retriable: true, url: `http://127.0.0.1:${port}/subjects` });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("sends a static bearer token, or asks a function for one before every request", async () => {
    await client({ url: fake.url, auth: { bearer: "t0k3n" } }).getSubjects();
    let issued = 0;
    const rotating = client({ url: fake.url, auth: { bearer: async () => `token-${++issued}` } });
    await rotating.getSubjects();
    await rotating.getSubjects();
    expect(fake.headers.map((h) => h.authorization)).toEqual(["Bearer t0k3n", "Bearer token-1", "Bearer token-2"]);
  });

  it("reads compatibility levels; a subject without its own (40408) is undefined", async () => {
    const registry = client({ url: fake.url });
    expect(await registry.getCompatibility()).toBe("BACKWARD");
    expect(await registry.getCompatibility("s")).toBeUndefined();
    // Apicurio's answer for a subject that does not exist: still "no level of its own".
    fake.failNext(/^GET \/config\/unknown$/, 404, 1, 40401);
    expect(await registry.getCompatibility("unknown")).toBeUndefined();
    fake.failNext(/^GET \/config\/s$/, 404, 1, 40403);
    await expect(registry.getCompatibility("s")).rejects.toMatchObject({ registryErrorCode: 40403 });
    expect(await registry.setCompatibility("FULL", "s")).toBe("FULL");
    expect(await registry.getCompatibility("s")).toBe("FULL");
    expect(await registry.setMode("READONLY", "s")).toBe("READONLY");
    expect(await registry.getMode("s")).toBe("READONLY");
  });

  it("returns the registry's compatibility reasons", async () => {
    const registry = client({ url: fake.url });
    await registry.register("s", { schema: SCHEMA });
    fake.backend.isCompatible = () => ["field id: type changed"];
    expect(await registry.checkCompatibility("s", { schema: SCHEMA })).toEqual({
      isCompatible: false,
      messages: ["field id: type changed"],
    });
    expect(await registry.checkCompatibility("s", { schema: SCHEMA }, { version: "all", verbose: false })).toEqual({
      isCompatible: false,
      messages: [],
    });
  });
});
