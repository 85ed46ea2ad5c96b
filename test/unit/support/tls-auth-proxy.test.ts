import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryRejectedError, RegistryUnavailableError } from "../../../src/errors/index.js";
import { SchemaRegistry } from "../../../src/registry/index.js";
import { TEST_TLS } from "../../support/fake-registry.js";
import { startTlsAuthProxy, type TlsAuthProxy } from "../../support/tls-auth-proxy.js";

// The proxy in front of a plain http server that records what reaches it, driven by schemakit's own
// registry client: TLS verified against the test CA, basic auth checked, the header not passed on.
let target: Server;
let proxy: TlsAuthProxy;
const reached: IncomingMessage["headers"][] = [];

beforeAll(async () => {
  target = createServer((request, response) => {
    reached.push(request.headers);
    response.writeHead(200, { "content-type": "application/vnd.schemaregistry.v1+json" });
    response.end(JSON.stringify(["subject-a"]));
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  proxy = await startTlsAuthProxy({
    target: `http://127.0.0.1:${(target.address() as AddressInfo).port}`,
    cert: TEST_TLS.cert,
    key: TEST_TLS.key,
    username: "reader",
    password: "proxy-password",
  });
});

afterAll(async () => {
  await proxy.close();
  await new Promise<void>((resolve) => target.close(() => resolve()));
});

const registry = (password: string, ca: string) =>
  new SchemaRegistry({
    url: `${proxy.origin}/apis/ccompat/v7`,
    auth: { basic: { username: "reader", password } },
    tls: { ca },
    retries: 0,
  });

describe("TlsAuthProxy", () => {
  it("forwards an authorised request without its Authorization header", async () => {
    const client = registry("proxy-password", TEST_TLS.cert);
    expect(await client.getSubjects()).toEqual(["subject-a"]);
    await client.close();
    expect(reached).toHaveLength(1);
    expect(reached[0]?.authorization).toBeUndefined();
  });

  it("answers 401 to a wrong password, and the request never reaches the target", async () => {
    const client = registry("wrong", TEST_TLS.cert);
    const error = await client.getSubjects().catch((failure: unknown) => failure);
    await client.close();
    expect(error).toBeInstanceOf(RegistryRejectedError);
    expect((error as RegistryRejectedError).status).toBe(401);
    expect(proxy.refused).toBe(1);
    expect(reached).toHaveLength(1);
  });

  it("is refused by a client that trusts another CA", async () => {
    const otherCa = (await import("node:tls")).rootCertificates[0] ?? "";
    const client = registry("proxy-password", otherCa);
    const error = await client.getSubjects().catch((failure: unknown) => failure);
    await client.close();
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(reached).toHaveLength(1);
  });
});
