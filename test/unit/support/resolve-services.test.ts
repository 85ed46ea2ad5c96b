import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkRegistry } from "../../support/reachability.js";
import { resolveServices, type ServiceProviders } from "../../support/resolve-services.js";
import type { StartedServices } from "../../support/service-endpoints.js";

// The harness's decision logic, with fake providers; the registry check runs for real against a
// tiny local HTTP server and a port nothing listens on.

let registry: Server;
let registryUrl: string;
let deadUrl: string;

beforeAll(async () => {
  registry = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(req.url === "/ccompat/subjects" ? "[]" : '{"error_code":40401}');
  });
  await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/ccompat`;
  // Bind and release a port: nothing listens there afterwards.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  deadUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/ccompat`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});

afterAll(() => new Promise<void>((resolve) => registry.close(() => resolve())));

function started(
  source: StartedServices["endpoints"]["source"],
  url: string,
  stop?: () => Promise<void>,
): StartedServices {
  return { endpoints: { kafkaBrokers: ["127.0.0.1:9092"], schemaRegistryUrl: url, source }, ...(stop ? { stop } : {}) };
}

function providers(overrides: Partial<ServiceProviders> = {}): ServiceProviders {
  return {
    dockerEngineAnswers: vi.fn(async () => false),
    startTestcontainers: vi.fn(async () => started("testcontainers", registryUrl)),
    startWithScripts: vi.fn(async () => started("scripts", registryUrl)),
    checkKafka: vi.fn(async () => undefined),
    checkRegistry: (url) => checkRegistry(url, 1_000),
    ...overrides,
  };
}

describe("resolveServices", () => {
  it("takes both endpoints from the environment first, without Docker or scripts", async () => {
    const p = providers({ dockerEngineAnswers: vi.fn(async () => true) });
    const result = await resolveServices(
      { KAFKA_BROKERS: "a:9092, b:9092", SCHEMA_REGISTRY_URL: `${registryUrl}/` },
      p,
    );
    expect(result.endpoints).toEqual({
      kafkaBrokers: ["a:9092", "b:9092"],
      schemaRegistryUrl: registryUrl,
      source: "environment",
    });
    expect(p.dockerEngineAnswers).not.toHaveBeenCalled();
    expect(p.startWithScripts).not.toHaveBeenCalled();
  });

  it("fails with a clear message when the environment's registry does not answer", async () => {
    const run = resolveServices({ KAFKA_BROKERS: "127.0.0.1:9092", SCHEMA_REGISTRY_URL: deadUrl }, providers());
    await expect(run).rejects.toThrow(`Schema Registry at ${deadUrl} does not answer`);
    await expect(run).rejects.toThrow(/endpoints from environment[\s\S]*npm run services:up/);
  });

  it("fails naming Kafka when the broker does not answer", async () => {
    const p = providers({ checkKafka: vi.fn(async () => Promise.reject(new Error("Connection refused"))) });
    await expect(
      resolveServices({ KAFKA_BROKERS: "127.0.0.1:1", SCHEMA_REGISTRY_URL: registryUrl }, p),
    ).rejects.toThrow("Kafka at 127.0.0.1:1 does not answer: Connection refused");
  });

  it("refuses half an environment", async () => {
    await expect(resolveServices({ KAFKA_BROKERS: "127.0.0.1:9092" }, providers())).rejects.toThrow(
      "set both KAFKA_BROKERS and SCHEMA_REGISTRY_URL, or neither (got only KAFKA_BROKERS)",
    );
  });

  it("uses testcontainers when a Docker engine answers", async () => {
    const p = providers({ dockerEngineAnswers: vi.fn(async () => true) });
    const result = await resolveServices({}, p);
    expect(result.endpoints.source).toBe("testcontainers");
    expect(p.startWithScripts).not.toHaveBeenCalled();
  });

  it("falls back to the service scripts without Docker", async () => {
    const p = providers();
    const result = await resolveServices({}, p);
    expect(result.endpoints.source).toBe("scripts");
    expect(p.startTestcontainers).not.toHaveBeenCalled();
  });

  it("reports why the scripts could not start the services", async () => {
    const p = providers({ startWithScripts: vi.fn(async () => Promise.reject(new Error("no java >= 21 found"))) });
    await expect(resolveServices({}, p)).rejects.toThrow(
      "scripts/services/up.sh could not start Kafka and Apicurio Registry: no java >= 21 found",
    );
  });

  it("stops containers it started when they turn out unreachable", async () => {
    const stop = vi.fn(async () => undefined);
    const p = providers({
      dockerEngineAnswers: vi.fn(async () => true),
      startTestcontainers: vi.fn(async () => started("testcontainers", deadUrl, stop)),
    });
    await expect(resolveServices({}, p)).rejects.toThrow("endpoints from testcontainers");
    expect(stop).toHaveBeenCalledOnce();
  });
});
