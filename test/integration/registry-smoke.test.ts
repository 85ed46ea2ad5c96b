import { describe, expect, it } from "vitest";
import { requireServices, uniqueName } from "../support/services.js";

// Proves the registry speaks the Confluent REST API for what schemakit relies on. Everything asserted
// here holds for Confluent's registry and for Apicurio's ccompat API alike; where the two differ,
// docs/services.md records it and the tests do not pin either side.

const CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

const services = requireServices();

async function call(method: string, path: string, body?: unknown): Promise<Reply> {
  const response = await fetch(`${services().schemaRegistryUrl}${path}`, {
    method,
    headers: { accept: CONTENT_TYPE, ...(body === undefined ? {} : { "content-type": CONTENT_TYPE }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

function subjectPath(subject: string): string {
  return `/subjects/${encodeURIComponent(subject)}`;
}

// Compact JSON, as Confluent stores it: Apicurio gives whitespace variants of one schema different ids.
function userSchema(name: string, extraFields: readonly object[] = []): string {
  return JSON.stringify({
    type: "record",
    name,
    namespace: "com.example.smoke",
    fields: [{ name: "id", type: "string" }, { name: "age", type: "int" }, ...extraFields],
  });
}

describe("Schema Registry (Confluent REST API)", () => {
  it("registers an Avro schema, returns the same id again, and finds it by subject and by id", async () => {
    const subject = `${uniqueName("smoke-users")}-value`;
    const schema = userSchema(`User${Date.now()}`);

    const registered = await call("POST", `${subjectPath(subject)}/versions`, { schema });
    expect(registered.status).toBe(200);
    const { id } = registered.body as { id: number };
    expect(Number.isInteger(id) && id > 0).toBe(true);
    expect(await call("POST", `${subjectPath(subject)}/versions`, { schema })).toEqual({ status: 200, body: { id } });

    const lookedUp = await call("POST", subjectPath(subject), { schema });
    expect(lookedUp.status).toBe(200);
    expect(lookedUp.body).toMatchObject({ subject, version: 1, id });

    const byId = await call("GET", `/schemas/ids/${id}`);
    expect(byId.status).toBe(200);
    expect(JSON.parse((byId.body as { schema: string }).schema)).toEqual(JSON.parse(schema));

    expect(await call("GET", `/schemas/ids/${id}/subjects`)).toMatchObject({
      status: 200,
      body: expect.arrayContaining([subject]),
    });
    expect(await call("GET", `${subjectPath(subject)}/versions`)).toEqual({ status: 200, body: [1] });
    expect((await call("GET", `${subjectPath(subject)}/versions/latest`)).body).toMatchObject({
      subject,
      version: 1,
      id,
    });
    expect((await call("GET", "/subjects")).body).toEqual(expect.arrayContaining([subject]));
  });

  it("answers 404 with Confluent error codes for a missing subject and a missing id", async () => {
    const missing = await call("GET", `${subjectPath(uniqueName("missing"))}/versions/latest`);
    expect(missing).toMatchObject({ status: 404, body: { error_code: 40401 } });
    const noSuchId = await call("GET", "/schemas/ids/2147483647");
    expect(noSuchId).toMatchObject({ status: 404, body: { error_code: 40403 } });
  });

  it("reads and sets the compatibility level", async () => {
    expect(await call("GET", "/config")).toEqual({ status: 200, body: { compatibilityLevel: "BACKWARD" } });
    const subject = `${uniqueName("smoke-config")}-value`;
    await call("POST", `${subjectPath(subject)}/versions`, { schema: userSchema(`Config${Date.now()}`) });
    const set = await call("PUT", `/config/${encodeURIComponent(subject)}`, { compatibility: "FULL" });
    expect(set).toMatchObject({ status: 200, body: { compatibility: "FULL" } });
    expect(await call("GET", `/config/${encodeURIComponent(subject)}`)).toEqual({
      status: 200,
      body: { compatibilityLevel: "FULL" },
    });
  });

  it("accepts a backward-compatible version and rejects an incompatible one with HTTP 409", async () => {
    const subject = `${uniqueName("smoke-evolution")}-value`;
    const name = `Evolving${Date.now()}`;
    const v1 = await call("POST", `${subjectPath(subject)}/versions`, { schema: userSchema(name) });
    expect(v1.status).toBe(200);

    const withDefault = userSchema(name, [{ name: "nickname", type: ["null", "string"], default: null }]);
    const v2 = await call("POST", `${subjectPath(subject)}/versions`, { schema: withDefault });
    expect(v2.status).toBe(200);
    expect((v2.body as { id: number }).id).not.toBe((v1.body as { id: number }).id);

    // A new field without a default: a reader on v3 cannot read v2 data (BACKWARD violated).
    const incompatible = userSchema(name, [{ name: "email", type: "string" }]);
    const compatibility = await call("POST", `/compatibility${subjectPath(subject)}/versions/latest`, {
      schema: incompatible,
    });
    expect(compatibility).toMatchObject({ status: 200, body: { is_compatible: false } });
    const rejected = await call("POST", `${subjectPath(subject)}/versions`, { schema: incompatible });
    expect(rejected.status).toBe(409);
    expect(await call("GET", `${subjectPath(subject)}/versions`)).toEqual({ status: 200, body: [1, 2] });
  });

  it("handles a subject containing '/' when it is percent-encoded", async () => {
    const subject = `${uniqueName("smoke")}/nested/user.proto`;
    const schema = userSchema(`Slash${Date.now()}`);
    const registered = await call("POST", `${subjectPath(subject)}/versions`, { schema });
    expect(registered.status).toBe(200);
    expect((await call("GET", `${subjectPath(subject)}/versions/latest`)).body).toMatchObject({
      subject,
      version: 1,
      id: (registered.body as { id: number }).id,
    });
    expect((await call("GET", "/subjects")).body).toEqual(expect.arrayContaining([subject]));
  });
});
