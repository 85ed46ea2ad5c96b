import { createServer, request, type Server } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { RegistryRejectedError, RegistryUnavailableError, SchemaIncompatibleError } from "../../src/errors/index.js";
import { SchemaRegistry, type SchemaRegistryConstructorOptions } from "../../src/registry/index.js";
import { requireServices, uniqueName } from "../support/services.js";

// SchemaRegistry (and the HttpRegistryClient it builds) against the real registry: every operation,
// references across subjects, failover, retries, and in-flight sharing counted at a local proxy.
// Subjects are fresh per run; the global level and mode are only ever set to what they already are.

const services = requireServices();
const opened: { close(): Promise<void> }[] = [];

afterAll(async () => {
  await Promise.all(opened.map((o) => o.close()));
});

function registryAt(
  url: string | string[],
  extra: Omit<SchemaRegistryConstructorOptions, "url" | "urls"> = {},
): SchemaRegistry {
  const registry = new SchemaRegistry({ ...(Array.isArray(url) ? { urls: url } : { url }), ...extra });
  opened.push(registry);
  return registry;
}

function registry(): SchemaRegistry {
  return registryAt(services().schemaRegistryUrl);
}

/** Compact Avro record JSON, as Confluent stores it (Apicurio gives whitespace variants other ids). */
function record(name: string, fields: readonly object[], namespace = "com.example.client"): string {
  return JSON.stringify({ type: "record", name, namespace, fields });
}

/** A record name no earlier run registered: the registry outlives test runs. */
function freshName(prefix: string): string {
  return `${prefix}${uniqueName("").replace(/[^a-z0-9]/gi, "")}`;
}

/** A base URL nothing listens on: a port the OS just handed out and took back. */
async function deadUrl(): Promise<string> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}${new URL(services().schemaRegistryUrl).pathname}`;
}

/**
 * A proxy in front of the real registry: answers 503 (Confluent-style body) to the first `failures`
 * requests, forwards the rest, and records every request line.
 */
async function proxy(failures: number): Promise<{ url: string; requests: string[] }> {
  const target = new URL(services().schemaRegistryUrl);
  const requests: string[] = [];
  let left = failures;
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (left > 0) {
      left -= 1;
      req.resume();
      res
        .writeHead(503, { "content-type": "application/json" })
        .end('{"error_code":50301,"message":"proxy says later"}');
      return;
    }
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  opened.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${target.pathname}`, requests };
}

describe("SchemaRegistry against the real registry", () => {
  it("registers (also normalized), looks up, reads by id and lists", async () => {
    const sr = registry();
    const subject = `${uniqueName("client")}-value`;
    const v1 = record(freshName("V"), [{ name: "id", type: "string" }]);
    const id = await sr.register(subject, { schema: v1 });
    expect(id).toBeGreaterThan(0);
    expect(await sr.register(subject, { schema: v1 }, { normalize: true })).toBe(id);
    expect(await sr.lookup(subject, { schema: v1 })).toEqual({
      subject,
      version: 1,
      id,
      schema: v1,
      schemaType: "AVRO",
      references: [],
    });
    expect(await sr.lookup(subject, { schema: v1 }, { normalize: true })).toMatchObject({ version: 1, id });
    expect(await sr.getById(id)).toEqual({ id, schema: v1, schemaType: "AVRO", references: [] });
    expect(await sr.getSubjectsById(id)).toContain(subject);
    expect(await sr.getSubjects()).toContain(subject);
    // A fresh client (no cache) reads the same through HTTP.
    expect(await registry().getById(id)).toEqual({ id, schema: v1, schemaType: "AVRO", references: [] });
  });

  it("reads versions by number and as latest, and a missing one as 40402", async () => {
    const sr = registry();
    const subject = `${uniqueName("client-versions")}-value`;
    const name = freshName("Versioned");
    const v1 = record(name, [{ name: "id", type: "string" }]);
    const v2 = record(name, [
      { name: "id", type: "string" },
      { name: "n", type: "int", default: 0 },
    ]);
    const id1 = await sr.register(subject, { schema: v1 });
    const id2 = await sr.register(subject, { schema: v2 });
    expect(id2).not.toBe(id1);
    expect(await sr.getVersions(subject)).toEqual([1, 2]);
    expect(await sr.getVersion(subject, "latest")).toEqual({
      subject,
      version: 2,
      id: id2,
      schema: v2,
      schemaType: "AVRO",
      references: [],
    });
    expect(await sr.getVersion(subject, 1)).toMatchObject({ subject, version: 1, id: id1, schema: v1 });
    const missing = await sr.getVersion(subject, 9).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(RegistryRejectedError);
    expect(missing).toMatchObject({ status: 404, registryErrorCode: 40402, subject });
    const noSubject = await sr.getVersions(`${uniqueName("client-none")}-value`).catch((e: unknown) => e);
    expect(noSubject).toMatchObject({ name: "RegistryRejectedError", status: 404, registryErrorCode: 40401 });
    const noId = await sr.getById(2_147_483_647).catch((e: unknown) => e);
    expect(noId).toMatchObject({
      name: "RegistryRejectedError",
      status: 404,
      registryErrorCode: 40403,
      schemaId: 2_147_483_647,
    });
  });

  it("checks compatibility, and refuses an incompatible registration with SchemaIncompatibleError", async () => {
    const sr = registry();
    const subject = `${uniqueName("client-compat")}-value`;
    const name = freshName("Compat");
    await sr.register(subject, { schema: record(name, [{ name: "id", type: "string" }]) });
    const compatible = record(name, [
      { name: "id", type: "string" },
      { name: "x", type: ["null", "int"], default: null },
    ]);
    const incompatible = record(name, [{ name: "id", type: "int" }]);
    expect(await sr.checkCompatibility(subject, { schema: compatible })).toEqual({ isCompatible: true, messages: [] });
    const verdict = await sr.checkCompatibility(subject, { schema: incompatible });
    expect(verdict.isCompatible).toBe(false);
    // Confluent answers reasons with verbose=true; Apicurio 3.3.3 answers none (normalised to []).
    expect(Array.isArray(verdict.messages)).toBe(true);
    expect((await sr.checkCompatibility(subject, { schema: incompatible }, { version: "all" })).isCompatible).toBe(
      false,
    );
    expect(
      (await sr.checkCompatibility(subject, { schema: incompatible }, { version: 1, verbose: false })).isCompatible,
    ).toBe(false);
    const error = await sr.register(subject, { schema: incompatible }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaIncompatibleError);
    expect(error).toMatchObject({ status: 409, subject, retriable: false, method: "POST" });
    expect(await sr.getVersions(subject)).toEqual([1]);
  });

  it("deletes a version, then the subject, soft first and then permanently", async () => {
    const sr = registry();
    const subject = `${uniqueName("client-delete")}-value`;
    const name = freshName("Deleted");
    const v1 = record(name, [{ name: "a", type: "string" }]);
    await sr.register(subject, { schema: v1 });
    await sr.register(subject, {
      schema: record(name, [
        { name: "a", type: "string" },
        { name: "b", type: "int", default: 1 },
      ]),
    });
    expect(await sr.deleteVersion(subject, 2)).toBe(2);
    expect(await sr.getVersions(subject)).toEqual([1]);
    expect(await sr.getVersion(subject, "latest")).toMatchObject({ version: 1 });
    // Permanent before soft: Apicurio answers HTTP 409 / 40405, Confluent 404 / 40405. A conflict, not
    // an incompatible schema.
    const early = await sr.deleteSubject(subject, { permanent: true }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(RegistryRejectedError);
    expect(early).toMatchObject({ registryErrorCode: 40405 });
    // Confluent answers the versions this call deleted ([1]); Apicurio also lists the one deleted before.
    expect(await sr.deleteSubject(subject)).toEqual(expect.arrayContaining([1]));
    await expect(sr.getVersions(subject)).rejects.toMatchObject({ registryErrorCode: 40401 });
    // A soft-deleted schema is still found with deleted=true.
    expect(await sr.lookup(subject, { schema: v1 }, { deleted: true })).toMatchObject({ subject, version: 1 });
    expect(await sr.deleteSubject(subject, { permanent: true })).toEqual(expect.arrayContaining([1]));
    await expect(sr.lookup(subject, { schema: v1 }, { deleted: true })).rejects.toMatchObject({
      registryErrorCode: 40401,
    });
  });

  it("reads and sets compatibility levels, global and per subject", async () => {
    const sr = registry();
    const subject = `${uniqueName("client-config")}-value`;
    await sr.register(subject, { schema: record(freshName("Config"), [{ name: "a", type: "string" }]) });
    expect(await sr.getCompatibility()).toBe("BACKWARD");
    // Apicurio answers the global level for a subject without its own; Confluent 40408 (→ undefined).
    expect([undefined, "BACKWARD"]).toContain(await sr.getCompatibility(subject));
    // A subject that does not exist: Apicurio 404 / 40401, Confluent 40408; both mean "none of its own".
    expect(await sr.getCompatibility(`${uniqueName("client-config-none")}-value`)).toBeUndefined();
    expect(await sr.setCompatibility("FORWARD", subject)).toBe("FORWARD");
    expect(await sr.getCompatibility(subject)).toBe("FORWARD");
    await expect(sr.setCompatibility("SIDEWAYS" as "FULL", subject)).rejects.toMatchObject({
      status: 422,
      registryErrorCode: 42203,
    });
    // The registry is shared with other test files and other engineers' runs: the global level is only
    // set to what it already is, and restored to BACKWARD whatever happens.
    try {
      expect(await sr.setCompatibility("BACKWARD")).toBe("BACKWARD");
    } finally {
      await sr.setCompatibility("BACKWARD");
    }
    expect(await sr.getCompatibility()).toBe("BACKWARD");
  });

  it("reads and sets modes, global and per subject", async () => {
    const sr = registry();
    const subject = `${uniqueName("client-mode")}-value`;
    const name = freshName("Moded");
    await sr.register(subject, { schema: record(name, [{ name: "a", type: "string" }]) });
    expect(await sr.getMode()).toBe("READWRITE");
    // A subject without a mode of its own answers the global one (Confluent needs defaultToGlobal).
    expect(await sr.getMode(subject)).toBe("READWRITE");
    try {
      expect(await sr.setMode("READONLY", subject)).toBe("READONLY");
      expect(await sr.getMode(subject)).toBe("READONLY");
      expect(await sr.getMode()).toBe("READWRITE");
      // Confluent refuses a new version under a READONLY subject (422 / 42205); Apicurio 3.3.3 accepts it.
      const next = record(name, [
        { name: "a", type: "string" },
        { name: "b", type: "int", default: 0 },
      ]);
      const outcome = await sr.register(subject, { schema: next }).then(
        () => "accepted",
        (error: unknown) => (error as { registryErrorCode?: number }).registryErrorCode,
      );
      expect(["accepted", 42205]).toContain(outcome);
      // An invalid mode: 422 from both (Apicurio error code 42201, Confluent 42204).
      await expect(sr.setMode("BOGUS" as "READWRITE", subject)).rejects.toMatchObject({ status: 422 });
    } finally {
      await sr.setMode("READWRITE", subject);
    }
    expect(await sr.getMode(subject)).toBe("READWRITE");
    // Global: set only to what it already is.
    expect(await sr.setMode("READWRITE")).toBe("READWRITE");
  });

  it("registers a record referencing com.example.Address under another subject, returns the reference", async () => {
    const sr = registry();
    const addressSubject = uniqueName("com.example.Address");
    const address = record(
      "Address",
      [
        { name: "street", type: "string" },
        { name: "city", type: "string" },
      ],
      "com.example",
    );
    const addressId = await sr.register(addressSubject, { schema: address });
    const references = [{ name: "com.example.Address", subject: addressSubject, version: 1 }];
    // The reference is part of the schema's identity, so the same text under a fresh Address subject is
    // a new schema on every run; a fresh Customer name keeps earlier runs' ids out anyway.
    const customer = record(
      freshName("Customer"),
      [
        { name: "name", type: "string" },
        { name: "home", type: "com.example.Address" },
      ],
      "com.example",
    );
    const customerSubject = `${uniqueName("client-customers")}-value`;
    const id = await sr.register(customerSubject, { schema: customer, references });
    expect(id).not.toBe(addressId);
    expect(await sr.getById(id)).toEqual({ id, schema: customer, schemaType: "AVRO", references });
    expect(await registry().getById(id)).toEqual({ id, schema: customer, schemaType: "AVRO", references });
    expect((await sr.getVersion(customerSubject, "latest")).references).toEqual(references);
    expect(await sr.lookup(customerSubject, { schema: customer, references })).toMatchObject({
      version: 1,
      id,
      references,
    });
    // Without its reference the record does not parse: the registry refuses it.
    await expect(sr.register(`${uniqueName("client-orphan")}-value`, { schema: customer })).rejects.toMatchObject({
      status: 422,
    });
  });

  it("fails over from a URL nothing listens on to the live registry", async () => {
    const dead = await deadUrl();
    await expect(registryAt(dead, { retries: 0 }).getSubjects()).rejects.toBeInstanceOf(RegistryUnavailableError);
    const sr = registryAt([dead, services().schemaRegistryUrl], { retries: 1, retryInitialDelayMs: 10 });
    const subject = `${uniqueName("client-failover")}-value`;
    const id = await sr.register(subject, { schema: record(freshName("Failover"), [{ name: "a", type: "string" }]) });
    expect(await sr.getVersion(subject, "latest")).toMatchObject({ id, version: 1 });
    expect(await sr.getSubjects()).toContain(subject);
  });

  it("retries a 503 from a proxy and then gets the registry's answer", async () => {
    const flaky = await proxy(2);
    const sr = registryAt(flaky.url, { retries: 3, retryInitialDelayMs: 10 });
    const subject = `${uniqueName("client-retry")}-value`;
    const id = await sr.register(subject, { schema: record(freshName("Retried"), [{ name: "a", type: "string" }]) });
    expect(id).toBeGreaterThan(0);
    const line = `POST ${new URL(flaky.url).pathname}/subjects/${subject}/versions`;
    expect(flaky.requests).toEqual([line, line, line]);
    // Too many 503s: RegistryUnavailableError with the proxy's status and error code.
    const refusing = await proxy(10);
    const error = await registryAt(refusing.url, { retries: 2, retryInitialDelayMs: 1 })
      .getSubjects()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(error).toMatchObject({ status: 503, registryErrorCode: 50301, retriable: true });
    expect(refusing.requests).toHaveLength(3);
  });

  it("makes one POST for 1,000 concurrent registrations of one schema", async () => {
    const counting = await proxy(0);
    const sr = registryAt(counting.url);
    const subject = `${uniqueName("client-burst")}-value`;
    const schema = record(freshName("Burst"), [{ name: "id", type: "string" }]);
    const ids = await Promise.all(Array.from({ length: 1_000 }, () => sr.register(subject, { schema })));
    expect(new Set(ids).size).toBe(1);
    expect(counting.requests).toEqual([`POST ${new URL(counting.url).pathname}/subjects/${subject}/versions`]);
    expect(await registry().lookup(subject, { schema })).toMatchObject({ id: ids[0], version: 1 });
  });
});
