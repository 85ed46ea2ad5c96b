import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ConfigError,
  RegistryError,
  RegistryRejectedError,
  RegistryUnavailableError,
  SchemaIncompatibleError,
} from "../../../src/errors/index.js";
import type { Clock } from "../../../src/internal/clock.js";
import { HttpRegistryClient, REGISTRY_CHANNEL } from "../../../src/registry/http-registry-client.js";
import type { SchemaRegistryOptions } from "../../../src/registry/registry-options.js";
import {
  TEST_TLS,
  startFakeRegistry,
  type FakeRegistry,
  type FakeRegistryOptions,
} from "../../support/fake-registry.js";
import { InMemoryRegistry } from "../../support/in-memory-registry.js";

const SCHEMA = JSON.stringify({
  type: "record",
  name: "User",
  namespace: "com.example",
  fields: [{ name: "id", type: "string" }],
});
const CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

// Backoff without waiting: the delays asked for are recorded instead.
function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => 0, sleep: async (ms) => void sleeps.push(ms), setTimeout: () => () => undefined };
}

async function deadUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/ccompat`;
}

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => new Error("expected a failure"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

/** Everything an error shows: message, toJSON (with its cause), url. */
function shown(error: RegistryError): string {
  return `${error.message} ${JSON.stringify(error.toJSON())} ${error.url}`;
}

let fakes: FakeRegistry[];
let clients: HttpRegistryClient[];
let fake: FakeRegistry;
let clock: ReturnType<typeof recordingClock>;

async function anotherFake(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const started = await startFakeRegistry(options);
  fakes.push(started);
  return started;
}

function client(options: SchemaRegistryOptions, random?: () => number): HttpRegistryClient {
  const created = new HttpRegistryClient(options, { clock, ...(random === undefined ? {} : { random }) });
  clients.push(created);
  return created;
}

beforeEach(async () => {
  fakes = [];
  clients = [];
  clock = recordingClock();
  fake = await anotherFake();
});

afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(fakes.map((f) => f.close()));
});

describe("HttpRegistryClient: the REST API", () => {
  it("registers, looks up and reads, normalising Confluent's Avro answers (no schemaType, no references)", async () => {
    const registry = client({ url: fake.url });
    const id = await registry.register("users-value", { schema: SCHEMA });
    expect(await registry.register("users-value", { schema: SCHEMA })).toBe(id);
    const stored = { id, schema: SCHEMA, schemaType: "AVRO", references: [] };
    expect(await registry.lookup("users-value", { schema: SCHEMA })).toEqual({
      subject: "users-value",
      version: 1,
      ...stored,
    });
    expect(await registry.getById(id)).toEqual(stored);
    expect(await registry.getSubjectsById(id)).toEqual(["users-value"]);
    expect(await registry.getVersions("users-value")).toEqual([1]);
    expect(await registry.getVersion("users-value", "latest")).toEqual({
      subject: "users-value",
      version: 1,
      ...stored,
    });
    expect(await registry.getVersion("users-value", 1)).toEqual({ subject: "users-value", version: 1, ...stored });
    expect(await registry.getSubjects()).toEqual(["users-value"]);
    expect(fake.log).toEqual([
      "POST /subjects/users-value/versions",
      "POST /subjects/users-value/versions",
      "POST /subjects/users-value",
      `GET /schemas/ids/${id}`,
      `GET /schemas/ids/${id}/subjects`,
      "GET /subjects/users-value/versions",
      "GET /subjects/users-value/versions/latest",
      "GET /subjects/users-value/versions/1",
      "GET /subjects",
    ]);
  });

  it("sends the Confluent content type, and schema type and references only when not Avro's defaults", async () => {
    const registry = client({ url: fake.url });
    const references = [{ name: "com.example.Address", subject: "address", version: 1 }];
    await registry.register("avro", { schema: SCHEMA });
    const id = await registry.register("proto", { schema: 'syntax = "proto3";', schemaType: "PROTOBUF", references });
    expect(fake.headers[0]).toMatchObject({
      "content-type": CONTENT_TYPE,
      accept: expect.stringContaining(CONTENT_TYPE),
    });
    expect(await fake.backend.getById(1)).toEqual({ id: 1, schema: SCHEMA, schemaType: "AVRO", references: [] });
    expect(await registry.getById(id)).toEqual({
      id,
      schema: 'syntax = "proto3";',
      schemaType: "PROTOBUF",
      references,
    });
    await registry.getSubjects();
    expect(fake.headers[3]?.["content-type"]).toBeUndefined();
  });

  it("deletes versions and subjects, soft then permanent", async () => {
    const registry = client({ url: fake.url });
    await registry.register("s", { schema: SCHEMA });
    await registry.register("s", { schema: JSON.stringify({ type: "string" }) });
    expect(await registry.deleteVersion("s", 2)).toBe(2);
    expect(await registry.deleteVersion("s", "latest", { permanent: true })).toBe(1);
    expect(await registry.deleteSubject("s")).toEqual([]);
    expect(await registry.deleteSubject("s", { permanent: true })).toEqual([2]);
    expect(fake.log.slice(2)).toEqual([
      "DELETE /subjects/s/versions/2",
      "DELETE /subjects/s/versions/latest?permanent=true",
      "DELETE /subjects/s",
      "DELETE /subjects/s?permanent=true",
    ]);
  });

  it("percent-encodes subjects everywhere, so '/' travels as %2F", async () => {
    const subject = "a/b c?d#e%f.proto";
    const encoded = "a%2Fb%20c%3Fd%23e%25f.proto";
    const registry = client({ url: fake.url });
    await registry.register(subject, { schema: SCHEMA });
    await registry.lookup(subject, { schema: SCHEMA });
    await registry.getVersion(subject, 1);
    await registry.checkCompatibility(subject, { schema: SCHEMA });
    await registry.setCompatibility("FULL", subject);
    await registry.setMode("READONLY", subject);
    await registry.deleteSubject(subject);
    expect(fake.log).toEqual([
      `POST /subjects/${encoded}/versions`,
      `POST /subjects/${encoded}`,
      `GET /subjects/${encoded}/versions/1`,
      `POST /compatibility/subjects/${encoded}/versions/latest?verbose=true`,
      `PUT /config/${encoded}`,
      `PUT /mode/${encoded}`,
      `DELETE /subjects/${encoded}`,
    ]);
    // The fake decoded what arrived back into the subject's name.
    expect(await fake.backend.lookup(subject, { schema: SCHEMA }, { deleted: true })).toMatchObject({
      subject,
      version: 1,
    });
    expect(await fake.backend.getCompatibility(subject)).toBe("FULL");
  });

  it("never lets an id or a version from JavaScript change the path", async () => {
    const registry = client({ url: fake.url });
    await failure(registry.getVersion("s", "../../config" as never));
    await failure(registry.getById("1/subjects" as never));
    expect(fake.log).toEqual(["GET /subjects/s/versions/..%2F..%2Fconfig", "GET /schemas/ids/1%2Fsubjects"]);
  });

  it("sends normalize, deleted and verbose as query parameters", async () => {
    const registry = client({ url: fake.url });
    await registry.register("s", { schema: SCHEMA }, { normalize: true });
    await registry.lookup("s", { schema: SCHEMA }, { normalize: true, deleted: true });
    await registry.checkCompatibility("s", { schema: SCHEMA }, { version: 1, verbose: false });
    expect(fake.log).toEqual([
      "POST /subjects/s/versions?normalize=true",
      "POST /subjects/s?normalize=true&deleted=true",
      "POST /compatibility/subjects/s/versions/1?verbose=false",
    ]);
  });

  it("returns the compatibility reasons with verbose, and [] when the registry gives none", async () => {
    const registry = client({ url: fake.url });
    await registry.register("s", { schema: SCHEMA });
    expect(await registry.checkCompatibility("s", { schema: SCHEMA })).toEqual({ isCompatible: true, messages: [] });
    fake.backend.isCompatible = () => ["field id: type changed"];
    expect(await registry.checkCompatibility("s", { schema: SCHEMA })).toEqual({
      isCompatible: false,
      messages: ["field id: type changed"],
    });
    // verbose=false: the fake, like Confluent, leaves `messages` out.
    expect(await registry.checkCompatibility("s", { schema: SCHEMA }, { version: "all", verbose: false })).toEqual({
      isCompatible: false,
      messages: [],
    });
    expect(fake.log.at(-1)).toBe("POST /compatibility/subjects/s/versions?verbose=false");
  });

  it("reads compatibility levels: a subject without its own is undefined (40408, or Apicurio's 40401)", async () => {
    const registry = client({ url: fake.url });
    expect(await registry.getCompatibility()).toBe("BACKWARD");
    expect(await registry.getCompatibility("s")).toBeUndefined();
    fake.failNext(/^GET \/config\/unknown$/, { status: 404, errorCode: 40401 });
    expect(await registry.getCompatibility("unknown")).toBeUndefined();
    // Apicurio answers the global level for a subject without its own: passed through as is.
    fake.failNext(/^GET \/config\/apicurio$/, { status: 200, body: '{"compatibilityLevel":"BACKWARD"}' });
    expect(await registry.getCompatibility("apicurio")).toBe("BACKWARD");
    fake.failNext(/^GET \/config\/s$/, { status: 404, errorCode: 40403 });
    expect(await failure(registry.getCompatibility("s"))).toMatchObject({ registryErrorCode: 40403 });
    expect(await registry.setCompatibility("FULL", "s")).toBe("FULL");
    expect(await registry.getCompatibility("s")).toBe("FULL");
    expect(await registry.setCompatibility("NONE")).toBe("NONE");
    expect(await registry.getCompatibility()).toBe("NONE");
  });

  it("reads a subject's mode with defaultToGlobal, so a subject without one answers the global mode", async () => {
    const registry = client({ url: fake.url });
    expect(await registry.getMode()).toBe("READWRITE");
    expect(await registry.getMode("s")).toBe("READWRITE");
    expect(await registry.setMode("READONLY", "s")).toBe("READONLY");
    expect(await registry.getMode("s")).toBe("READONLY");
    expect(await registry.setMode("IMPORT")).toBe("IMPORT");
    expect(fake.log).toEqual([
      "GET /mode",
      "GET /mode/s?defaultToGlobal=true",
      "PUT /mode/s",
      "GET /mode/s?defaultToGlobal=true",
      "PUT /mode",
    ]);
  });

  it("sends extra headers on every request", async () => {
    await client({ url: fake.url, headers: { "X-Tenant": "t1" } }).getSubjects();
    expect(fake.headers[0]?.["x-tenant"]).toBe("t1");
  });
});

describe("HttpRegistryClient: errors", () => {
  it.each([
    [400, 40001],
    [401, 40101],
    [403, 40301],
    [404, 40401],
    [404, 40403],
    [422, 42201],
    [409, 40405],
    [409, 40407],
    [409, 40903],
    [301, undefined],
  ])("maps HTTP %i (error code %s) to RegistryRejectedError at once, keeping both", async (status, errorCode) => {
    const registry = client({ url: fake.url });
    fake.failNext(/^POST \/subjects\/s\/versions/, {
      status,
      ...(errorCode === undefined ? { body: "" } : { errorCode }),
    });
    const error = await failure(registry.register("s", { schema: SCHEMA }));
    expect(error).toBeInstanceOf(RegistryRejectedError);
    expect(error).toMatchObject({
      status,
      registryErrorCode: errorCode,
      subject: "s",
      method: "POST",
      retriable: false,
    });
    expect(error.url).toBe(`${fake.url}/subjects/s/versions`);
    expect(fake.log).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it.each([
    [409, 409, undefined],
    [409, 40901, undefined],
    [409, undefined, "<html>conflict</html>"],
  ])("maps HTTP %i (error code %s) to SchemaIncompatibleError at once", async (status, errorCode, body) => {
    const registry = client({ url: fake.url });
    fake.failNext(/^POST \/subjects\/s\/versions/, {
      status,
      ...(errorCode === undefined ? {} : { errorCode }),
      ...(body === undefined ? {} : { body }),
    });
    const error = await failure(registry.register("s", { schema: SCHEMA }));
    expect(error).toBeInstanceOf(SchemaIncompatibleError);
    expect(error).toMatchObject({ status: 409, registryErrorCode: errorCode, retriable: false });
    expect(fake.log).toHaveLength(1);
  });

  it("keeps the registry's message, never a raw body (a proxy page may echo request headers)", async () => {
    const registry = client({ url: fake.url, retries: 0 });
    fake.failNext(/^GET \/subjects$/, {
      status: 422,
      errorCode: 42201,
      body: '{"error_code":42201,"message":"Invalid schema"}',
    });
    expect((await failure(registry.getSubjects())).message).toMatch(/: Invalid schema$/);
    fake.failNext(/^GET \/subjects$/, { status: 502, body: "<html>Authorization: Bearer leaked</html>" });
    const error = await failure(registry.getSubjects());
    expect(error.message).toMatch(/: HTTP 502$/);
    expect(shown(error)).not.toMatch(/leaked/);
  });

  it.each([408, 425, 429, 500, 502, 503, 504])(
    "retries HTTP %i with bounded backoff, then succeeds",
    async (status) => {
      const registry = client({ url: fake.url, retries: 3, retryInitialDelayMs: 100, retryMaxDelayMs: 150 }, () => 1);
      fake.failNext(/^GET \/subjects$/, { status }, 3);
      expect(await registry.getSubjects()).toEqual([]);
      expect(fake.log).toHaveLength(4);
      // Full ceilings (jitter 1): 100, then 200 capped to 150, twice.
      expect(clock.sleeps).toEqual([100, 150, 150]);
    },
  );

  it("jitters the backoff below each ceiling", async () => {
    const registry = client({ url: fake.url, retries: 3, retryInitialDelayMs: 100, retryMaxDelayMs: 1_000 }, () => 0.5);
    fake.failNext(/^GET \/subjects$/, { status: 503 }, 3);
    await registry.getSubjects();
    expect(clock.sleeps).toEqual([50, 100, 200]);
  });

  it("gives up after its retries with a retriable RegistryUnavailableError keeping the last status", async () => {
    const registry = client({ url: fake.url, retries: 2 });
    fake.failNext(/^GET \/subjects$/, { status: 503, errorCode: 50301 }, 10);
    const error = await failure(registry.getSubjects());
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(error).toMatchObject({ status: 503, registryErrorCode: 50301, retriable: true });
    expect(fake.log).toHaveLength(3);
  });

  it("retries a connection reset", async () => {
    const registry = client({ url: fake.url, retries: 2 });
    fake.failNext(/^GET \/subjects$/, { reset: true }, 2);
    expect(await registry.getSubjects()).toEqual([]);
    expect(fake.log).toHaveLength(3);
  });

  it("treats a 2xx answer that is not the registry's (not JSON, wrong shape) as unavailable", async () => {
    const registry = client({ url: fake.url, retries: 1 });
    fake.failNext(/^POST \/subjects\/s\/versions$/, { status: 200, body: "<html>login</html>" }, 2);
    expect(await failure(registry.register("s", { schema: SCHEMA }))).toMatchObject({
      name: "RegistryUnavailableError",
      status: 200,
      message: expect.stringContaining('unexpected answer: expected an object with an integer "id"'),
    });
    fake.failNext(/^GET \/schemas\/ids\/1$/, { status: 200, body: '{"schema":"x","references":[{"name":"a"}]}' }, 2);
    expect((await failure(registry.getById(1))).message).toMatch(/unexpected answer: expected "references"/);
    expect(fake.log).toHaveLength(4);
  });

  it("answers a wrong base path (the server's own 404 page) with RegistryRejectedError", async () => {
    const registry = client({ url: fake.url.replace("/ccompat", "/elsewhere") });
    expect(await failure(registry.getSubjects())).toMatchObject({
      name: "RegistryRejectedError",
      status: 404,
      registryErrorCode: undefined,
    });
  });

  it("turns a request that outlives requestTimeoutMs into RegistryUnavailableError", async () => {
    // Accepts connections and never answers.
    const silent = createHttpServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as { port: number };
      const registry = client({ url: `http://127.0.0.1:${port}`, requestTimeoutMs: 50, retries: 1 });
      const error = await failure(registry.getSubjects());
      expect(error).toBeInstanceOf(RegistryUnavailableError);
      expect(error).toMatchObject({ status: undefined, retriable: true, url: `http://127.0.0.1:${port}/subjects` });
      expect(error.message).toMatch(/no answer within 50 ms/);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("times a slow answer out too (latency above the limit), then takes a fast one", async () => {
    const registry = client({ url: fake.url, requestTimeoutMs: 100, retries: 1 });
    fake.latencyMs = 400;
    expect(await failure(registry.getSubjects())).toBeInstanceOf(RegistryUnavailableError);
    fake.latencyMs = 20;
    expect(await registry.getSubjects()).toEqual([]);
  });

  it("fails at once after close(), without a request", async () => {
    const registry = client({ url: fake.url });
    await registry.getSubjects();
    await registry.close();
    const error = await failure(registry.getSubjects());
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(error.message).toMatch(/the client is closed/);
    expect(fake.log).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });
});

describe("HttpRegistryClient: failover", () => {
  it("tries the URLs in order, each with its retries, and then stays on the one that answered", async () => {
    const backend = new InMemoryRegistry();
    const [a, b, c] = [await anotherFake({ backend }), await anotherFake({ backend }), await anotherFake({ backend })];
    const registry = client({ urls: [a.url, b.url, c.url], retries: 1 });
    a.failNext(/./, { status: 503 }, 2);
    b.failNext(/./, { reset: true }, 2);
    expect(await registry.register("s", { schema: SCHEMA })).toBe(1);
    expect([a.log.length, b.log.length, c.log.length]).toEqual([2, 2, 1]);
    // The next call starts at the URL that answered last.
    await registry.getSubjects();
    expect([a.log.length, b.log.length, c.log.length]).toEqual([2, 2, 2]);
    // When that one fails, the search wraps around to the first.
    c.failNext(/./, { status: 500 }, 2);
    expect(await registry.getSubjects()).toEqual(["s"]);
    expect([a.log.length, b.log.length, c.log.length]).toEqual([3, 2, 4]);
  });

  it("fails over from a URL nothing listens on", async () => {
    const registry = client({ urls: [await deadUrl(), fake.url], retries: 1 });
    expect(await registry.register("s", { schema: SCHEMA })).toBe(1);
    expect(fake.log).toEqual(["POST /subjects/s/versions"]);
    expect(clock.sleeps).toHaveLength(1);
    const allDead = client({ urls: [await deadUrl()], retries: 1 });
    await expect(allDead.getSubjects()).rejects.toThrow(/no answer: ECONNREFUSED/);
  });

  it("does not fail over on an answer that is not retriable", async () => {
    const other = await anotherFake();
    const registry = client({ urls: [fake.url, other.url] });
    fake.failNext(/./, { status: 404, errorCode: 40401 });
    await failure(registry.getVersions("missing"));
    expect([fake.log.length, other.log.length]).toEqual([1, 0]);
  });

  it("throws the last URL's failure when none answers", async () => {
    const other = await anotherFake();
    const registry = client({ urls: [fake.url, other.url], retries: 0 });
    fake.failNext(/./, { status: 503 });
    other.failNext(/./, { status: 502 });
    expect(await failure(registry.getSubjects())).toMatchObject({ status: 502, url: `${other.url}/subjects` });
  });
});

describe("HttpRegistryClient: credentials", () => {
  const base64 = (text: string): string => Buffer.from(text).toString("base64");

  it("sends basic auth from the URL's userinfo, and shows it nowhere", async () => {
    const registry = client({ url: fake.url.replace("http://", "http://alice:s3cret%21@"), retries: 0 });
    fake.failNext(/^GET \/subjects$/, { status: 401, errorCode: 40101 });
    const error = await failure(registry.getSubjects());
    expect(fake.headers[0]?.authorization).toBe(`Basic ${base64("alice:s3cret!")}`);
    expect(error.url).toBe(`${fake.url}/subjects`);
    expect(shown(error)).not.toMatch(new RegExp(`alice|s3cret|Basic|${base64("alice:s3cret!")}`));
  });

  it("sends basic auth from the option to every URL", async () => {
    const other = await anotherFake();
    const registry = client({
      urls: [fake.url, other.url],
      auth: { basic: { username: "bob", password: "pw" } },
      retries: 0,
    });
    fake.failNext(/./, { status: 503 });
    await registry.getSubjects();
    expect([fake.headers[0]?.authorization, other.headers[0]?.authorization]).toEqual([
      `Basic ${base64("bob:pw")}`,
      `Basic ${base64("bob:pw")}`,
    ]);
  });

  it("sends a static bearer token, or asks a function for one before every request", async () => {
    await client({ url: fake.url, auth: { bearer: "t0k3n" } }).getSubjects();
    let issued = 0;
    const rotating = client({ url: fake.url, auth: { bearer: async () => `token-${++issued}` } });
    await rotating.getSubjects();
    await rotating.getSubjects();
    const sync = client({ url: fake.url, auth: { bearer: () => "plain" } });
    await sync.getSubjects();
    expect(fake.headers.map((h) => h.authorization)).toEqual([
      "Bearer t0k3n",
      "Bearer token-1",
      "Bearer token-2",
      "Bearer plain",
    ]);
  });

  it("keeps the token and the query out of errors, for refusals and for network failures", async () => {
    const registry = client({ url: fake.url, auth: { bearer: "t0k3n-secret" }, retries: 0 });
    fake.failNext(/^POST \/subjects\/s\/versions/, { status: 422, errorCode: 42201 });
    const refused = await failure(registry.register("s", { schema: SCHEMA }, { normalize: true }));
    expect(fake.log).toEqual(["POST /subjects/s/versions?normalize=true"]);
    expect(refused.url).toBe(`${fake.url}/subjects/s/versions`);
    expect(shown(refused)).not.toMatch(/t0k3n|Bearer|normalize/);
    fake.failNext(/./, { reset: true });
    const reset = await failure(registry.getSubjects());
    expect(reset).toBeInstanceOf(RegistryUnavailableError);
    expect(shown(reset)).not.toMatch(/t0k3n|Bearer/);
    const dead = client({ url: (await deadUrl()).replace("http://", "http://carol:pa55word@"), retries: 0 });
    expect(shown(await failure(dead.getSubjects()))).not.toMatch(/carol|pa55word/);
  });

  it("retries when the token function fails, and refuses an unusable token without showing it", async () => {
    let calls = 0;
    const flaky = client({
      url: fake.url,
      retries: 2,
      auth: {
        bearer: async () => {
          calls += 1;
          if (calls === 1) throw new Error("token endpoint down");
          return "fresh-token";
        },
      },
    });
    expect(await flaky.getSubjects()).toEqual([]);
    expect(calls).toBe(2);
    expect(fake.headers.map((h) => h.authorization)).toEqual(["Bearer fresh-token"]);
    const broken = client({ url: fake.url, auth: { bearer: () => "bad\r\ntoken-secret" } });
    const error = await broken.getSubjects().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(`${(error as ConfigError).message} ${JSON.stringify((error as ConfigError).toJSON())}`).not.toMatch(
      /token-secret/,
    );
    expect(fake.log).toHaveLength(1);
  });
});

describe("HttpRegistryClient: TLS", () => {
  it("trusts the given CA, and refuses an unknown certificate unless told not to check", async () => {
    const secure = await anotherFake({ tls: {} });
    expect(await client({ url: secure.url, tls: { ca: TEST_TLS.cert } }).getSubjects()).toEqual([]);
    expect(await client({ url: secure.url, tls: { ca: [Buffer.from(TEST_TLS.cert)] } }).getSubjects()).toEqual([]);
    const untrusted = await failure(client({ url: secure.url, retries: 0 }).getSubjects());
    expect(untrusted).toBeInstanceOf(RegistryUnavailableError);
    expect(untrusted.message).toMatch(/self-signed|SELF_SIGNED/i);
    expect(await client({ url: secure.url, tls: { rejectUnauthorized: false } }).getSubjects()).toEqual([]);
  });

  it("presents the client certificate for mutual TLS", async () => {
    const mutual = await anotherFake({ tls: { requestCert: true } });
    const withCert = client({ url: mutual.url, tls: { ca: TEST_TLS.cert, cert: TEST_TLS.cert, key: TEST_TLS.key } });
    expect(await withCert.getSubjects()).toEqual([]);
    const without = await failure(client({ url: mutual.url, tls: { ca: TEST_TLS.cert }, retries: 0 }).getSubjects());
    expect(without).toBeInstanceOf(RegistryUnavailableError);
    expect(mutual.log).toHaveLength(1);
  });
});

describe("HttpRegistryClient: diagnostics", () => {
  it("publishes each call attempt on schemakit:registry without credentials, query or body", async () => {
    const calls: Record<string, unknown>[] = [];
    const listener = (message: unknown): void => void calls.push(message as Record<string, unknown>);
    subscribe(REGISTRY_CHANNEL, listener);
    try {
      const registry = client({ url: fake.url.replace("http://", "http://alice:s3cret-pw@") });
      const id = await registry.register("users-value", { schema: SCHEMA }, { normalize: true });
      await failure(registry.getById(id + 1000));
      expect(calls.map(({ method, status, error }) => [method, status, (error as Error | undefined)?.name])).toEqual([
        ["POST", undefined, undefined],
        ["GET", 404, "RegistryRejectedError"],
      ]);
      expect(calls[0]).toMatchObject({ subject: "users-value", url: `${fake.url}/subjects/users-value/versions` });
      expect(calls.every((call) => typeof call["durationMs"] === "number")).toBe(true);
      expect(JSON.stringify(calls)).not.toMatch(/s3cret|alice|normalize|"schema"/);
    } finally {
      unsubscribe(REGISTRY_CHANNEL, listener);
    }
  });
});
