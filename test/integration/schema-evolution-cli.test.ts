import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm } from "node:fs/promises";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT_FINDING, EXIT_OK, EXIT_USAGE } from "../../codegen/cli.js";
import { loadSchemaFile } from "../../codegen/load/load-schema-files.js";
import { localSchemas } from "../../codegen/registry/local-subjects.js";
import { RegistryRejectedError, SchemaIncompatibleError } from "../../src/errors/index.js";
import {
  type HttpRegistryClient,
  parseSchemaLockfile,
  type RegistryClient,
  SchemaRegistry,
} from "../../src/registry/index.js";
import { defineAvroRecord } from "../../src/runtime/v1/index.js";
import { createDeserializer, createSerializer } from "../../src/serde/index.js";
import { createProducer } from "../../src/producer/index.js";
import { KafkaReader } from "../support/kafka-reader.js";
import { type CliRun, CliWorkspace } from "../support/cli-workspace.js";
import { requireServices, uniqueName } from "../support/services.js";

// The registry-backed evolution commands (check, register, lock, pull, compat) against the real
// registry. Verdicts on registration are cross-checked with the registry itself: what schemakit calls
// incompatible, the registry refuses. Every subject and namespace is fresh; the global level is only read.

const services = requireServices();
const workspace = new CliWorkspace("schemakit-evolution-", () => services().schemaRegistryUrl);

function client(): HttpRegistryClient {
  return workspace.client();
}

function put(path: string, json: unknown): Promise<void> {
  return workspace.write(path, JSON.stringify(json, null, 2));
}

function run(...argv: string[]): Promise<CliRun> {
  return workspace.run(argv);
}

function runWith(env: Record<string, string>, ...argv: string[]): Promise<CliRun> {
  return workspace.run(argv, env);
}

/**
 * A plain-http basic-auth gate in front of the real registry (which has no auth here): requests with the
 * one accepted Authorization header go on, unchanged but for that header; others get 401.
 */
async function startBasicAuthGate(username: string, password: string): Promise<{ url: string; server: Server }> {
  const target = new URL(services().schemaRegistryUrl);
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  const server = createServer((incoming, response) => {
    if (incoming.headers.authorization !== expected) {
      incoming.resume();
      response.writeHead(401, { "content-type": "application/json" });
      response.end(JSON.stringify({ error_code: 401, message: "Unauthorized" }));
      return;
    }
    const { authorization: _dropped, host: _host, ...headers } = incoming.headers;
    const onward = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    onward.on("error", () => response.destroy());
    incoming.pipe(onward);
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${target.pathname}`, server };
}

async function runJson(...argv: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  const result = await run(...argv, "--format", "json");
  expect(result.err).toEqual([]);
  return { code: result.code, json: JSON.parse(result.out.join("\n")) as Record<string, unknown> };
}

/** A fresh namespace and topic: reference subjects are full names, so namespaces must not repeat. */
function fresh(): { namespace: string; topic: string } {
  const suffix = uniqueName("").replace(/[^a-z0-9]/gi, "");
  return { namespace: `com.evolution.t${suffix}`, topic: `evolution-orders-${suffix}` };
}

async function project(namespace: string, topic: string, orderFields: readonly object[]): Promise<void> {
  await put("schemakit.config.json", { inputs: ["schemas"], topics: { [topic]: { value: `${namespace}.Order` } } });
  await put("schemas/address.avsc", {
    type: "record",
    name: "Address",
    namespace,
    fields: [{ name: "city", type: "string" }],
  });
  await put("schemas/order.avsc", {
    type: "record",
    name: "Order",
    namespace,
    fields: [{ name: "id", type: "string" }, { name: "ship", type: "Address" }, ...orderFields],
  });
}

describe("schemakit register / check / lock against the registry", () => {
  it("registers references first, prints versions and ids, writes the lockfile; again is unchanged", async () => {
    const { namespace, topic } = fresh();
    await project(namespace, topic, []);
    const registry = client();

    const dry = await runJson("register", "--dry-run");
    expect(dry.code).toBe(EXIT_OK);
    expect((dry.json["subjects"] as { status: string }[]).map((entry) => entry.status)).toEqual([
      "would-register",
      "would-register",
    ]);
    // A dry run registers nothing.
    await expect(registry.getVersions(`${topic}-value`)).rejects.toBeInstanceOf(RegistryRejectedError);

    const first = await runJson("register");
    expect(first.code).toBe(EXIT_OK);
    // The documented JSON: exactly these keys, in this order.
    expect(Object.keys(first.json)).toEqual(["dryRun", "registry", "lockfile", "subjects"]);
    expect(first.json).toMatchObject({
      dryRun: false,
      registry: services().schemaRegistryUrl,
      lockfile: "schemakit.lock.json",
    });
    expect((first.json["subjects"] as Record<string, unknown>[])[1]).toEqual({
      subject: `${topic}-value`,
      schema: `${namespace}.Order`,
      role: "value",
      status: "registered",
      version: 1,
      id: expect.any(Number),
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      compatible: true,
      level: expect.stringMatching(/^[A-Z_]+$/),
      incompatibilities: [],
      registryMessage: null,
    });
    expect(Object.keys((first.json["subjects"] as Record<string, unknown>[])[1] ?? {})).toEqual([
      "subject",
      "schema",
      "role",
      "status",
      "version",
      "id",
      "fingerprint",
      "compatible",
      "level",
      "incompatibilities",
      "registryMessage",
    ]);
    const subjects = first.json["subjects"] as { subject: string; status: string; version: number; id: number }[];
    expect(subjects.map((entry) => [entry.subject, entry.status])).toEqual([
      [`${namespace}.Address`, "registered"],
      [`${topic}-value`, "registered"],
    ]);
    // What the command printed is what the registry holds, with the reference to Address version 1.
    const order = await registry.getVersion(`${topic}-value`, "latest");
    expect(order).toMatchObject({ version: subjects[1]?.version, id: subjects[1]?.id });
    expect(order.references).toEqual([{ name: `${namespace}.Address`, subject: `${namespace}.Address`, version: 1 }]);
    const address = await registry.getVersion(`${namespace}.Address`, "latest");
    expect(address.id).toBe(subjects[0]?.id);

    const lock = JSON.parse(await readFile(join(workspace.dir, "schemakit.lock.json"), "utf8")) as {
      subjects: Record<string, { id: number; version: number; schema: string; fingerprint: string }>;
    };
    expect(lock.subjects[`${topic}-value`]).toMatchObject({ id: order.id, version: 1, schema: `${namespace}.Order` });
    expect(lock.subjects[`${namespace}.Address`]).toMatchObject({ id: address.id, version: 1 });
    expect((await run("check", "--lock")).code).toBe(EXIT_OK);

    const again = await runJson("register");
    expect((again.json["subjects"] as { status: string }[]).map((entry) => entry.status)).toEqual([
      "unchanged",
      "unchanged",
    ]);
    expect(await registry.getVersions(`${topic}-value`)).toEqual([1]);

    // A change the lockfile has not seen: check --lock finds it, lock (nothing registered yet) refuses.
    await project(namespace, topic, [{ name: "note", type: ["null", "string"], default: null }]);
    const stale = await run("check", "--lock");
    expect(stale.code).toBe(EXIT_FINDING);
    expect(stale.out[0]).toMatch(new RegExp(`^stale: ${namespace.replace(/\./g, "\\.")}\\.Order changed since`));
    expect((await run("lock")).code).toBe(EXIT_FINDING);
    expect((await run("register")).code).toBe(EXIT_OK);
    expect((await run("check", "--lock")).code).toBe(EXIT_OK);
    expect(await registry.getVersions(`${topic}-value`)).toEqual([1, 2]);
    // `lock` writes the same lockfile from what is registered, registering nothing.
    const written = await readFile(join(workspace.dir, "schemakit.lock.json"), "utf8");
    await rm(join(workspace.dir, "schemakit.lock.json"));
    expect((await run("lock")).code).toBe(EXIT_OK);
    expect(await readFile(join(workspace.dir, "schemakit.lock.json"), "utf8")).toBe(written);
    expect(await registry.getVersions(`${topic}-value`)).toEqual([1, 2]);
  });

  it("checks every registered version under a TRANSITIVE level: the latest passes, version 1 does not", async () => {
    const { namespace, topic } = fresh();
    const subject = `${topic}-value`;
    await project(namespace, topic, []);
    expect((await run("register")).code).toBe(EXIT_OK);
    await project(namespace, topic, [{ name: "note", type: "string", default: "" }]);
    expect((await run("register")).code).toBe(EXIT_OK);
    // `note` without its default: version 2 has `note`, version 1 does not.
    await project(namespace, topic, [{ name: "note", type: "string" }]);

    const backward = await runJson("check");
    expect(backward.json).toMatchObject({ compatible: true });
    expect((await run("compat", "set", subject, "BACKWARD_TRANSITIVE")).code).toBe(EXIT_OK);
    expect((await runJson("compat", "get", "--subject", subject)).json).toEqual({
      subject,
      level: "BACKWARD_TRANSITIVE",
      source: "subject",
    });

    const transitive = await runJson("check");
    expect(transitive.code).toBe(EXIT_FINDING);
    const results = transitive.json["results"] as { subject: string; incompatibilities: unknown[] }[];
    expect(results.find((result) => result.subject === subject)).toEqual({
      schema: `${namespace}.Order`,
      subject,
      level: "BACKWARD_TRANSITIVE",
      compatible: false,
      incompatibilities: [
        {
          type: "READER_FIELD_MISSING_DEFAULT_VALUE",
          location: "/fields/2",
          message: expect.stringMatching(
            /^`Order\.note`: field `note` is new and has no default.*Usual fix: give `note` a default/,
          ),
          against: "1",
        },
      ],
    });
    const text = await run("check");
    expect(text.out).toContain("  READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2 (against version 1, new reads old)");

    const refused = await run("register");
    expect(refused.code).toBe(EXIT_FINDING);
    expect(refused.out).toContain(`not registered ${subject} (${namespace}.Order): incompatible`);
    expect(await client().getVersions(subject)).toEqual([1, 2]);
    // The registry itself agrees: the same schema, sent directly, is refused at this level.
    const local = localSchemas(
      [
        await loadSchemaFile(join(workspace.dir, "schemas/order.avsc"), workspace.dir),
        await loadSchemaFile(join(workspace.dir, "schemas/address.avsc"), workspace.dir),
      ],
      "registry",
    ).get(`${namespace}.Order`);
    await expect(
      client().register(subject, {
        schema: local?.text ?? "",
        references: [{ name: `${namespace}.Address`, subject: `${namespace}.Address`, version: 1 }],
      }),
    ).rejects.toBeInstanceOf(SchemaIncompatibleError);
  });

  it("a subject the registry does not know is compatible, and reported as new", async () => {
    const { namespace, topic } = fresh();
    await project(namespace, topic, []);
    const result = await run("check");
    expect(result.code).toBe(EXIT_OK);
    expect(result.out).toContain(
      `ok ${namespace}.Order (subject ${topic}-value): new, no registered earlier version to check against`,
    );
  });
});

describe("the lockfile at run time", () => {
  it("a serializer given the lockfile writes with the registered id and calls no registry", async () => {
    const { namespace, topic } = fresh();
    const event = { type: "record", name: "Event", namespace, fields: [{ name: "id", type: "string" }] };
    await put("schemakit.config.json", { inputs: ["schemas"], topics: { [topic]: { value: `${namespace}.Event` } } });
    await put("schemas/event.avsc", event);
    expect((await run("register")).code).toBe(EXIT_OK);
    const lockfile = parseSchemaLockfile(
      JSON.parse(await readFile(join(workspace.dir, "schemakit.lock.json"), "utf8")),
    );

    const Event = defineAvroRecord<{ id: string }>({ schema: event });
    const noRegistry = new Proxy({}, { get: () => () => Promise.reject(new Error("no registry call")) });
    const serializer = createSerializer(Event, { registry: noRegistry as RegistryClient, lockfile });
    const bytes = await serializer.serialize(topic, { id: "e1" });
    const registered = await client().getVersion(`${topic}-value`, "latest");
    expect(bytes.readInt32BE(1)).toBe(registered.id);
    const registry = new SchemaRegistry({ url: services().schemaRegistryUrl });
    workspace.closeAfter(registry);
    expect(await createDeserializer(Event, { registry }).deserialize(topic, bytes)).toEqual({ id: "e1" });
  });

  it("a producer starts with zero registry calls: the lockfile's id, read back through the real registry", async () => {
    const { namespace, topic } = fresh();
    const event = { type: "record", name: "Event", namespace, fields: [{ name: "id", type: "string" }] };
    await put("schemakit.config.json", { inputs: ["schemas"], topics: { [topic]: { value: `${namespace}.Event` } } });
    await put("schemas/event.avsc", event);
    expect((await run("register")).code).toBe(EXIT_OK);
    const lockfile = parseSchemaLockfile(
      JSON.parse(await readFile(join(workspace.dir, "schemakit.lock.json"), "utf8")),
    );
    const reader = new KafkaReader(services().kafkaBrokers);
    workspace.closeAfter(reader);
    await reader.createTopic(topic, 1);

    const Event = defineAvroRecord<{ id: string }>({ schema: event });
    const calls: string[] = [];
    const noRegistry = new Proxy(
      {},
      {
        get: (_target, method) => () => {
          calls.push(String(method));
          return Promise.reject(new Error("no registry call"));
        },
      },
    );
    const producer = createProducer({ brokers: services().kafkaBrokers, registry: noRegistry as RegistryClient });
    const events = producer.topic(topic, { value: Event, serializer: { lockfile } });
    const sent = await events.send({ id: "e1" });
    await producer.close();
    expect(calls).toEqual([]);
    expect(sent.schemaId).toBe(lockfile.subjects.get(`${topic}-value`)?.schemaId);
    const [record] = await reader.readAll(topic, 1);
    const registry = new SchemaRegistry({ url: services().schemaRegistryUrl });
    workspace.closeAfter(registry);
    expect(await createDeserializer(Event, { registry }).deserialize(topic, record?.value ?? Buffer.alloc(0))).toEqual({
      id: "e1",
    });
  });
});

describe("schemakit pull and compat against the registry", () => {
  it("pulls a subject version with its references into files generate reads, and locks it", async () => {
    const { namespace, topic } = fresh();
    await project(namespace, topic, []);
    expect((await run("register")).code).toBe(EXIT_OK);
    await project(namespace, topic, [{ name: "note", type: ["null", "string"], default: null }]);
    expect((await run("register")).code).toBe(EXIT_OK);
    const consumer = join(workspace.dir, "consumer");
    await mkdir(consumer);

    const pulled = await run("pull", `${topic}-value@1`, "--out", "consumer/schemas", "--no-lockfile");
    expect(pulled.code).toBe(EXIT_OK);
    const v1 = JSON.parse(await readFile(join(consumer, `schemas/${namespace}.Order.avsc`), "utf8")) as {
      fields: unknown[];
    };
    expect(v1.fields).toHaveLength(2);

    const latest = await runJson("pull", `${topic}-*`, "--out", "consumer/schemas");
    const registered = await client().getVersion(`${topic}-value`, "latest");
    expect(latest.json["subjects"]).toEqual([
      {
        subject: `${topic}-value`,
        schema: `${namespace}.Order`,
        version: 2,
        id: registered.id,
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
        files: [`consumer/schemas/${namespace}.Address.avsc`, `consumer/schemas/${namespace}.Order.avsc`],
      },
    ]);
    const order = JSON.parse(await readFile(join(consumer, `schemas/${namespace}.Order.avsc`), "utf8")) as unknown;
    expect(order).toEqual(JSON.parse(registered.schema));
    // The fingerprint pulled equals the one codegen computes from the pulled files (what generated
    // classes carry): a consumer's lockfile matches its generated code.
    const files = await Promise.all(
      ["Address", "Order"].map((name) =>
        loadSchemaFile(join(consumer, `schemas/${namespace}.${name}.avsc`), workspace.dir),
      ),
    );
    const local = localSchemas(files, "registry");
    const fingerprint = local.get(`${namespace}.Order`)?.fingerprint;
    const lock = JSON.parse(await readFile(join(workspace.dir, "schemakit.lock.json"), "utf8")) as {
      subjects: Record<string, { fingerprint: string }>;
    };
    expect(lock.subjects[`${topic}-value`]?.fingerprint).toBe(fingerprint);
    // The Address subject the pulled version references is locked too, as lock would lock it.
    const address = await client().getVersion(`${namespace}.Address`, 1);
    const referenced = {
      subject: `${namespace}.Address`,
      schema: `${namespace}.Address`,
      version: 1,
      id: address.id,
      fingerprint: local.get(`${namespace}.Address`)?.fingerprint,
    };
    expect(latest.json["referenced"]).toEqual([referenced]);
    expect(lock.subjects[`${namespace}.Address`]?.fingerprint).toBe(referenced.fingerprint);
  });

  it("compat reads the global level and sets a subject's own", async () => {
    const { topic } = fresh();
    const subject = `${topic}-value`;
    const global = await client().getCompatibility();
    expect((await runJson("compat", "get")).json).toEqual({ subject: null, level: global, source: "global" });
    expect((await runJson("compat", "set", "--subject", subject, "full")).json).toEqual({
      subject,
      level: "FULL",
      source: "subject",
    });
    expect(await client().getCompatibility(subject)).toBe("FULL");
    const bad = await run("compat", "set", subject, "SIDEWAYS");
    expect(bad.code).toBe(EXIT_USAGE);
    expect(bad.err[0]).toMatch(/expected one of NONE, BACKWARD/);
  });

  it("sends basic auth from the environment or URL userinfo, never printing the password", async () => {
    const { namespace, topic } = fresh();
    await project(namespace, topic, []);
    const password = `pw-${randomBytes(12).toString("hex")}`;
    const gate = await startBasicAuthGate("evolution-user", password);
    try {
      const env = (pass: string) => ({
        SCHEMA_REGISTRY_URL: gate.url,
        SCHEMA_REGISTRY_USER: "evolution-user",
        SCHEMA_REGISTRY_PASSWORD: pass,
      });
      expect((await runWith(env(password), "check")).code).toBe(EXIT_OK);
      const userinfo = gate.url.replace("http://", `http://evolution-user:${password}@`);
      expect((await runWith({}, "compat", "get", "--registry", userinfo)).code).toBe(EXIT_OK);
      for (const [vars, argv] of [
        [env(`${password}-wrong`), ["check"]],
        [{}, ["register", "--registry", userinfo.replace(password, `${password}-wrong`)]],
      ] as const) {
        const refused = await runWith(vars, ...argv);
        expect(refused.code).toBe(EXIT_USAGE);
        expect(refused.err[0]).toMatch(/HTTP 401|Unauthorized/);
        expect([...refused.out, ...refused.err].join("\n")).not.toContain(password);
      }
    } finally {
      await new Promise((closed) => gate.server.close(closed));
    }
  });

  it("never prints the credentials of a registry URL, even when the registry is unreachable", async () => {
    const { namespace, topic } = fresh();
    await project(namespace, topic, []);
    for (const command of [["check"], ["register"], ["pull", "x", "--out", "o"], ["compat", "get"]]) {
      const result = await run(...command, "--registry", "http://alice:s3cr%C3%A9t-pw@127.0.0.1:9/apis/ccompat/v7");
      expect(result.code, command.join(" ")).toBe(EXIT_USAGE);
      const all = [...result.out, ...result.err].join("\n");
      expect(all).toMatch(/127\.0\.0\.1:9/);
      expect(all).not.toMatch(/s3cr|alice/);
    }
  });
});
