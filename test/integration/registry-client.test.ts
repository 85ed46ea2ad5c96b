import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { RegistryRejectedError, SchemaIncompatibleError } from "../../src/errors/index.js";
import { SchemaRegistry } from "../../src/registry/index.js";
import { requireServices, uniqueName } from "../support/services.js";

// SchemaRegistry against the real registry: every operation, references, failover, retries.

const services = requireServices();
const opened: { close(): Promise<void> }[] = [];

afterAll(async () => {
  await Promise.all(opened.map((o) => o.close()));
});

function registryAt(url: string | string[], extra: Partial<ConstructorParameters<typeof SchemaRegistry>[0]> = {}): SchemaRegistry {
  const registry = new SchemaRegistry({ ...(Array.isArray(url) ? { urls: url } : { url }), ...extra });
  opened.push(registry);
  return registry;
}

function record(name: string, fields: readonly object[]): string {
  return JSON.stringify({ type: "record", name, namespace: "com.example.client", fields });
}

/** A proxy to the real registry that answers 503 to the first `failures` requests and counts all. */
async function flakyProxy(target: string, failures: number): Promise<{ url: string; requests: string[] }> {
  const base = new URL(target);
  const requests: string[] = [];
  let left = failures;
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (left-- > 0) {
      res.writeHead(503, { "content-type": "application/json" }).end('{"error_code":50301,"message":"proxy says no"}');
      return;
    }
    const upstream = request(
      { host: base.hostname, port: base.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  opened.push({ close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${base.pathname}`, requests };
}

describe("SchemaRegistry against a real registry", () => {
  it("registers, looks up, reads by id, lists and reads versions", async () => {
    const registry = registryAt(services().schemaRegistryUrl);
    const subject = `${uniqueName("client")}-value`;
    const v1 = record(`V${Date.now()}`, [{ name: "id", type: "string" }]);
    const id = await registry.register(subject, { schema: v1 });
    expect(await registry.register(subject, { schema: v1 }, { normalize: true })).toBe(id);
    expect(await registry.lookup(subject, { schema: v1 })).toMatchObject({ subject, version: 1, id, schemaType: "AVRO", references: [] });
    expect(JSON.parse((await registry.getById(id)).schema)).toEqual(JSON.parse(v1));
    expect(await registry.getSubjectsById(id)).toContain(subject);
    expect(await registry.getSubjects()).toContain(subject);

    const v2 = JSON.stringify({ ...JSON.parse(v1), fields: [...JSON.parse(v1).fields, { name: "n", type: "int", default: 0 }] });
    const id2 = await registry.register(subject, { schema: v2 });
    expect(await registry.getVersions(subject)).toEqual([1, 2]);
    expect(await registry.getVersion(subject, "latest")).toMatchObject({ version: 2, id: id2 });
    expect(await registry.getVersion(subject, 1)).toMatchObject({ version: 1, id });
  });

  it("checks compatibility and rejects an incompatible registration with SchemaIncompatibleError", async () => {
    const registry = registryAt(services().schemaRegistryUrl);
    const subject = `${uniqueName("client-compat")}-value`;
    const name = `C${Date.now()}`;
    await registry.register(subject, { schema: record(name, [{ name: "id", type: "string" }]) });
    const compatible = record(name, [{ name: "id", type: "string" }, { name: "x", type: ["null", "int"], default: null }]);
    const incompatible = record(name, [{ name: "id", type: "int" }]);
    expect(await registry.checkCompatibility(subject, { schema: compatible })).toMatchObject({ isCompatible: true });
    expect(await registry.checkCompatibility(subject, { schema: incompatible }, { version: "all" })).toMatchObject({ isCompatible: false });
    // verbose=true: Confluent gives reasons, Apicurio 3.3.3 none (normalised to []).
    expect((await registry.checkCompatibility(subject, { schema: incompatible }, { version: 1 })).isCompatible).toBe(false);
    const error = await registry.register(subject, { schema: incompatible }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaIncompatibleError);
    expect(error).toMatchObject({ status: 409, subject, retriable: false });
  });

  it("deletes a version and a subject, soft first, then permanently", async () => {
    const registry = registryAt(services().schemaRegistryUrl);
    const subject = `${uniqueName("client-delete")}-value`;
    const name = `D${Date.now()}`;
    await registry.register(subject, { schema: record(name, [{ name: "a", type: "string" }]) });
    await registry.register(subject, { schema: record(name, [{ name: "a", type: "string" }, { name: "b", type: "int", default: 1 }]) });
    expect(await registry.deleteVersion(subject, 2)).toBe(2);
    expect(await registry.getVersions(subject)).toEqual([1]);
    await expect(registry.deleteSubject(subject, { permanent: true })).rejects.toMatchObject({ registryErrorCode: 40405 });
    // Confluent answers the versions this call deleted ([1]); Apicurio also lists the one deleted before.
    expect(await registry.deleteSubject(subject)).toEqual(expect.arrayContaining([1]));
    expect(await registry.deleteSubject(subject, { permanent: true })).toEqual(expect.arrayContaining([1]));
    await expect(registry.getVersions(subject)).rejects.toBeInstanceOf(RegistryRejectedError);
  });

  it("reads and sets compatibility levels and modes", async () => {
    const registry = registryAt(services().schemaRegistryUrl);
    const subject = `${uniqueName("client-config")}-value`;
    await registry.register(subject, { schema: record(`G${Date.now()}`, [{ name: "a", type: "string" }]) });
    expect(await registry.getCompatibility()).toBe("BACKWARD");
    // Apicurio answers the global level here; Confluent has none of its own (40408 → undefined).
    expect([undefined, "BACKWARD"]).toContain(await registry.getCompatibility(subject));
    // A subject that does not exist: Apicurio answers 404 / 40401, Confluent 40408; both mean "none of its own".
    expect(await registry.getCompatibility(`${uniqueName("client-config-none")}-value`)).toBeUndefined();
    expect(await registry.setCompatibility("FORWARD", subject)).toBe("FORWARD");
    expect(await registry.getCompatibility(subject)).toBe("FORWARD");
    // The global level was only read, never set: the registry is shared with other test files.
    expect(await registry.getCompatibility()).toBe("BACKWARD");
  });

  it("reads and sets modes per subject", async () => {
    const registry = registryAt(services().schemaRegistryUrl);
    const subject = `${uniqueName("client-mode")}-value`;
    const name = `M${Date.now()}`;
    await registry.register(subject, { schema: record(name, [{ name: "a", type: "string" }]) });
    expect(await registry.getMode()).toBe("READWRITE");
    // A subject with no mode of its own answers the global one.
    expect(await registry.getMode(subject)).toBe("READWRITE");
    try {
      expect(await registry.setMode("READONLY", subject)).toBe("READONLY");
      expect(await registry.getMode(subject)).toBe("READONLY");
      expect(await registry.getMode()).toBe("READWRITE");
      // Apicurio 3.3.3 accepts a new version under a READONLY subject; Confluent answers 422 / 42205.
      const next = record(name, [{ name: "a", type: "string" }, { name: "b", type: "int", default: 0 }]);
      const outcome = await registry.register(subject, { schema: next }).then(
        () => "accepted",
        (error: unknown) => (error as { registryErrorCode?: number }).registryErrorCode,
      );
      expect(["accepted", 42205]).toContain(outcome);
      // An invalid mode is refused with 422 by both (Apicurio 42201, Confluent 42204).
      await expect(registry.setMode("BOGUS" as "READWRITE", subject)).rejects.toMatchObject({ status: 422 });
    } finally {
      await registry.setMode("READWRITE", subject);
    }
    expect(await registry.getMode(subject)).toBe("READWRITE");
  });

  it("registers a record that references a type under another subject, and returns the reference", async () => {
    const registry = registryAt(services().schemaRegistryUrl);
    const suffix = Date.now();
    const addressSubject = uniqueName("com.example.client.Address");
    const address = JSON.stringify({ type: "record", name: `Address${suffix}`, namespace: "com.example.client", fields: [{ name: "street", type: "string" }] });
    await registry.register(addressSubject, { schema: address });
    const references = [{ name: `com.example.client.Address${suffix}`, subject: addressSubject, version: 1 }];
    const customer = record(`Customer${suffix}`, [
      { name: "name", type: "string" },
      { name: "home", type: `com.example.client.Address${suffix}` },
    ]);
    const customerSubject = `${uniqueName("client-customers")}-value`;
    const id = await registry.register(customerSubject, { schema: customer, references });
    expect((await registry.getById(id)).references).toEqual(references);
    expect((await registry.getVersion(customerSubject, "latest")).references).toEqual(references);
  });

  it("fails over from a URL nothing answers to the live registry", async () => {
    const dead = "http://127.0.0.1:1/apis/ccompat/v7";
    const registry = registryAt([dead, services().schemaRegistryUrl], { retries: 1, retryInitialDelayMs: 10 });
    expect(await registry.getSubjects()).toBeInstanceOf(Array);
  });

  it("retries a 503 and makes one request for 1,000 concurrent registrations", async () => {
    const proxy = await flakyProxy(services().schemaRegistryUrl, 2);
    const registry = registryAt(proxy.url, { retries: 3, retryInitialDelayMs: 10 });
    const subject = `${uniqueName("client-proxy")}-value`;
    const schema = record(`P${Date.now()}`, [{ name: "id", type: "string" }]);
    const ids = await Promise.all([...Array(1_000).keys()].map(() => registry.register(subject, { schema })));
    expect(new Set(ids).size).toBe(1);
    // 2 answered 503 by the proxy, then 1 that reached the registry.
    expect(proxy.requests).toEqual(Array(3).fill(`POST ${new URL(proxy.url).pathname}/subjects/${subject}/versions`));
  });
});
