import { cp, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT_FINDING, EXIT_OK } from "../../codegen/cli.js";
import { compileProtos } from "../../codegen/protobuf/load/compile-protos.js";
import { SchemaIncompatibleError } from "../../src/errors/index.js";
import { createProducer } from "../../src/producer/index.js";
import {
  type HttpRegistryClient,
  parseSchemaLockfile,
  type RegistryClient,
  SchemaRegistry,
} from "../../src/registry/index.js";
import { ProtobufDeserializer, ProtobufSerializer } from "../../src/serde/protobuf/index.js";
import { KafkaReader } from "../support/kafka-reader.js";
import { type CliRun, CliWorkspace } from "../support/cli-workspace.js";
import { requireServices, uniqueName } from "../support/services.js";
import { compiledFixture } from "../unit/serde/protobuf/compiled-fixture.js";

// check / register / lock / pull for Protobuf subjects against the real registry. The registry is the
// oracle for verdicts: what `register` sends, the registry accepts, and where the registry refuses a
// schema the confluent rules accept (Apicurio is stricter), `--rules strict` refuses it too. Every
// subject, import path and package is fresh; the global level is only read.

const services = requireServices();
const workspace = new CliWorkspace("schemakit-proto-evolution-", () => services().schemaRegistryUrl);

function client(): HttpRegistryClient {
  return workspace.client();
}

function put(path: string, text: string): Promise<void> {
  return workspace.write(path, text);
}

function run(...argv: string[]): Promise<CliRun> {
  return workspace.run(argv);
}

async function runJson(...argv: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  const result = await run(...argv, "--format", "json");
  expect(result.err).toEqual([]);
  return { code: result.code, json: JSON.parse(result.out.join("\n")) as Record<string, unknown> };
}

interface Fresh {
  /** The folder of the .proto files under the include path, and their package. */
  readonly folder: string;
  readonly pkg: string;
  readonly topic: string;
}

/** Import paths are reference subjects, so folders (and packages) must not repeat across runs. */
function fresh(): Fresh {
  const suffix = uniqueName("").replace(/[^a-z0-9]/gi, "");
  return { folder: `evo${suffix}`, pkg: `evo${suffix}.orders`, topic: `proto-evolution-${suffix}` };
}

/** A config binding the topic's value to Order, in order.proto, which imports money.proto. */
async function project(names: Fresh, orderFields: string): Promise<void> {
  const config = {
    inputs: ["protos"],
    protoPaths: ["protos"],
    topics: { [names.topic]: { value: `${names.pkg}.Order` } },
  };
  await put("schemakit.config.json", JSON.stringify(config));
  await put(
    `protos/${names.folder}/money.proto`,
    `syntax = "proto3";\npackage ${names.pkg};\n\n// Minor units.\n` +
      "message Money { int64 units = 1; string currency = 2; }\n",
  );
  await put(
    `protos/${names.folder}/order.proto`,
    `syntax = "proto3";\npackage ${names.pkg};\nimport "${names.folder}/money.proto";\n\n` +
      `message Order {\n  string id = 1;\n  Money total = 2;\n${orderFields}}\n`,
  );
}

interface SubjectJson {
  readonly subject: string;
  readonly schema: string;
  readonly status: string;
  readonly version: number | null;
  readonly id: number | null;
  readonly fingerprint: string;
  readonly compatible: boolean;
  readonly incompatibilities: readonly { type: string; location: string; against: string }[];
  readonly registryMessage: string | null;
}

describe("schemakit register / lock / check for Protobuf subjects", () => {
  it("registers the import first under its path, as PROTOBUF; locks both; the serializer uses the lock", async () => {
    const names = fresh();
    await project(names, "");
    const registry = client();
    const first = await runJson("register");
    expect(first.code).toBe(EXIT_OK);
    const subjects = first.json["subjects"] as SubjectJson[];
    const moneyPath = `${names.folder}/money.proto`;
    expect(subjects.map((entry) => [entry.subject, entry.schema, entry.status])).toEqual([
      [moneyPath, moneyPath, "registered"],
      [`${names.topic}-value`, `${names.pkg}.Order`, "registered"],
    ]);
    const order = await registry.getVersion(`${names.topic}-value`, "latest");
    expect(order.schemaType).toBe("PROTOBUF");
    expect(order.id).toBe(subjects[1]?.id);
    expect(order.references).toEqual([{ name: moneyPath, subject: moneyPath, version: 1 }]);
    // Canonical text: the comment does not reach the registry.
    expect((await registry.getVersion(moneyPath, "latest")).schema).not.toContain("Minor units");

    // The serializer, registering on its own, lands on the very ids `register` printed: the same texts.
    const compiled = await compiledFixture({
      cwd: join(workspace.dir, "protos"),
      includePaths: ["."],
      files: [`${names.folder}/order.proto`],
    });
    const Order = compiled.message(`${names.pkg}.Order`);
    const registered = await new ProtobufSerializer(Order, { registry }).prepare(names.topic);
    expect(registered.schemaId).toBe(order.id);
    expect(await registry.getVersions(`${names.topic}-value`)).toEqual([1]);

    // The lockfile `register` wrote is accepted by the serializer: its fingerprint is the runtime's.
    const lockfile = parseSchemaLockfile(
      JSON.parse(await readFile(join(workspace.dir, "schemakit.lock.json"), "utf8")),
    );
    expect(lockfile.subjects.get(moneyPath)).toMatchObject({ schema: moneyPath, version: 1 });
    const noRegistry = new Proxy({}, { get: () => () => Promise.reject(new Error("no registry call")) });
    const locked = new ProtobufSerializer(Order, { registry: noRegistry as RegistryClient, lockfile });
    const bytes = await locked.serialize(names.topic, { id: "o-1", total: { units: 250n, currency: "EUR" } });
    expect(bytes.readInt32BE(1)).toBe(order.id);
    expect((await run("check", "--lock")).code).toBe(EXIT_OK);
    const again = await runJson("register");
    expect((again.json["subjects"] as SubjectJson[]).map((entry) => entry.status)).toEqual(["unchanged", "unchanged"]);

    // A change: check --lock finds it; lock refuses until register; then lock rewrites the same file.
    await project(names, "  string note = 3;\n");
    const stale = await run("check", "--lock");
    expect(stale.code).toBe(EXIT_FINDING);
    expect(stale.out[0]).toMatch(/^stale: .*\.Order changed since version 1/);
    expect((await run("lock")).code).toBe(EXIT_FINDING);
    expect((await run("register")).code).toBe(EXIT_OK);
    expect(await registry.getVersions(`${names.topic}-value`)).toEqual([1, 2]);
    const written = await readFile(join(workspace.dir, "schemakit.lock.json"), "utf8");
    await rm(join(workspace.dir, "schemakit.lock.json"));
    expect((await run("lock")).code).toBe(EXIT_OK);
    expect(await readFile(join(workspace.dir, "schemakit.lock.json"), "utf8")).toBe(written);
  });

  it("verdicts agree with the registry's: strict where it refuses, and both rules where both refuse", async () => {
    const names = fresh();
    const registry = client();
    await project(names, "  string note = 3;\n");
    expect((await run("register")).code).toBe(EXIT_OK);
    const subject = `${names.topic}-value`;
    await registry.setCompatibility("BACKWARD", subject);

    // A field removed without `reserved`: the wire format tolerates it (confluent), Apicurio does not.
    await cp(join(workspace.dir, "protos"), join(workspace.dir, "old"), { recursive: true });
    await project(names, "");
    const confluent = await runJson("check");
    expect(confluent.code).toBe(EXIT_OK);
    const strict = await runJson("check", "--rules", "strict");
    expect(strict.code).toBe(EXIT_FINDING);
    const strictResult = (strict.json["results"] as { subject: string; incompatibilities: unknown[] }[]).find(
      (result) => result.subject === subject,
    );
    expect(strictResult?.incompatibilities).toEqual([
      expect.objectContaining({ type: "FIELD_REMOVED_WITHOUT_RESERVED", location: "#/Order/3", against: "1" }),
    ]);
    // The offline check of the same files finds the same, under both rules.
    for (const [rules, registryResult] of [
      ["confluent", confluent],
      ["strict", strict],
    ] as const) {
      const offline = await runJson("check", "protos", "--against", "old", "--rules", rules);
      expect(offline.code).toBe(registryResult.code);
      const found = (json: Record<string, unknown>, key: string) =>
        (
          json["results"] as {
            schema: string;
            subject: string | null;
            incompatibilities: { type: string; location: string }[];
          }[]
        )
          .filter((result) => result.schema === key || result.subject === key)
          .flatMap((result) => result.incompatibilities.map((entry) => `${entry.type} ${entry.location}`));
      expect(found(offline.json, `${names.folder}/order.proto`)).toEqual(found(registryResult.json, subject));
    }
    // register with the confluent rules sends it, and the registry refuses (its verdict: the oracle here; its
    // compatibility endpoint does not resolve the import): a finding, not a crash.
    const rejected = await runJson("register");
    expect(rejected.code).toBe(EXIT_FINDING);
    expect((rejected.json["subjects"] as SubjectJson[])[1]).toMatchObject({ status: "rejected", compatible: true });
    // With the strict rules it is not sent at all.
    const refused = await runJson("register", "--rules", "strict");
    expect(refused.code).toBe(EXIT_FINDING);
    expect((refused.json["subjects"] as SubjectJson[])[1]).toMatchObject({ status: "incompatible", compatible: false });

    // A field's scalar kind changed: incompatible under both rules, and the registry refuses it too.
    await project(names, "  int64 note = 3;\n");
    for (const rules of ["confluent", "strict"]) {
      const check = await runJson("check", "--rules", rules);
      expect(check.code).toBe(EXIT_FINDING);
      const found = (check.json["results"] as { subject: string; incompatibilities: { type: string }[] }[]).find(
        (result) => result.subject === subject,
      );
      expect(found?.incompatibilities.map((entry) => entry.type)).toContain("FIELD_SCALAR_KIND_CHANGED");
    }
    const changed = await compiledFixture({
      cwd: join(workspace.dir, "protos"),
      includePaths: ["."],
      files: [`${names.folder}/order.proto`],
    });
    const moneyPath = `${names.folder}/money.proto`;
    const sent = {
      schema: changed.message(`${names.pkg}.Order`).file.schema,
      schemaType: "PROTOBUF" as const,
      references: [{ name: moneyPath, subject: moneyPath, version: 1 }],
    };
    await expect(registry.register(subject, sent)).rejects.toBeInstanceOf(SchemaIncompatibleError);
    // A field added: compatible under both, and the registry takes it.
    await project(names, "  string note = 3;\n  bool gift = 4;\n");
    expect((await run("check", "--rules", "strict")).code).toBe(EXIT_OK);
    expect((await run("register", "--rules", "strict")).code).toBe(EXIT_OK);
    expect(await registry.getVersions(subject)).toEqual([1, 2]);
  });

  it("checks every registered version under a TRANSITIVE level: the latest passes, version 1 does not", async () => {
    const names = fresh();
    const registry = client();
    const subject = `${names.topic}-value`;
    await project(names, "  string note = 3;\n");
    expect((await run("register")).code).toBe(EXIT_OK);
    await registry.setCompatibility("NONE", subject);
    await project(names, "");
    expect((await run("register")).code).toBe(EXIT_OK);
    await registry.setCompatibility("BACKWARD_TRANSITIVE", subject);
    // Field 3 back with another scalar kind: nothing to compare in version 2, a change against version 1.
    await project(names, "  int64 note = 3;\n");
    const transitive = await runJson("check");
    expect(transitive.code).toBe(EXIT_FINDING);
    const result = (transitive.json["results"] as Record<string, unknown>[]).find(
      (entry) => entry["subject"] === subject,
    );
    expect(result).toMatchObject({ level: "BACKWARD_TRANSITIVE", compatible: false });
    expect(result?.["incompatibilities"]).toEqual([
      expect.objectContaining({ type: "FIELD_SCALAR_KIND_CHANGED", against: "1" }),
    ]);
    expect((await run("check", "--level", "BACKWARD")).code).toBe(EXIT_OK);
  });
});

describe("the lockfile at run time, Protobuf", () => {
  it("a producer starts with zero registry calls: the locked id, read back through the real registry", async () => {
    const names = fresh();
    await project(names, "  string note = 3;\n");
    expect((await run("register")).code).toBe(EXIT_OK);
    const lockfile = parseSchemaLockfile(
      JSON.parse(await readFile(join(workspace.dir, "schemakit.lock.json"), "utf8")),
    );
    const reader = new KafkaReader(services().kafkaBrokers);
    workspace.closeAfter(reader);
    await reader.createTopic(names.topic, 1);
    const compiled = await compiledFixture({
      cwd: join(workspace.dir, "protos"),
      includePaths: ["."],
      files: [`${names.folder}/order.proto`],
    });
    const Order = compiled.message(`${names.pkg}.Order`);
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
    const orders = producer.topic(names.topic, { value: Order, serializer: { lockfile } });
    const sent = await orders.send({ id: "o-1", total: { units: 250n, currency: "EUR" }, note: "gift" });
    await producer.close();
    expect(calls).toEqual([]);
    expect(sent.schemaId).toBe(lockfile.subjects.get(`${names.topic}-value`)?.schemaId);
    const [record] = await reader.readAll(names.topic, 1);
    const registry = new SchemaRegistry({ url: services().schemaRegistryUrl });
    workspace.closeAfter(registry);
    const read = await new ProtobufDeserializer(Order, { registry }).deserialize(
      names.topic,
      record?.value ?? Buffer.alloc(0),
    );
    expect(read).toMatchObject({ id: "o-1", total: { units: 250n, currency: "EUR" }, note: "gift" });
  });
});

describe("schemakit pull for Protobuf subjects", () => {
  it("writes the schema and its import as .proto files that compile, and locks the same fingerprint", async () => {
    const names = fresh();
    await project(names, "  string note = 3;\n");
    const registered = await runJson("register", "--no-lockfile");
    expect(registered.code).toBe(EXIT_OK);
    const order = (registered.json["subjects"] as SubjectJson[])[1] as SubjectJson;
    await rm(join(workspace.dir, "schemakit.config.json"));
    const pulled = await runJson("pull", `${names.topic}-value@1`, "--out", "pulled");
    expect(pulled.code).toBe(EXIT_OK);
    const rootPath = `${names.topic}-value.proto`;
    expect(pulled.json["subjects"]).toEqual([
      {
        subject: `${names.topic}-value`,
        schema: `${names.pkg}.Order`,
        version: 1,
        id: order.id,
        fingerprint: order.fingerprint,
        files: [`pulled/${names.folder}/money.proto`, `pulled/${rootPath}`],
      },
    ]);
    const compiled = await compileProtos({
      files: [`pulled/${rootPath}`],
      includePaths: ["pulled"],
      cwd: workspace.dir,
    });
    expect(compiled.files[0]?.messages.map((message) => message.typeName)).toEqual([`${names.pkg}.Order`]);
    const lock = parseSchemaLockfile(JSON.parse(await readFile(join(workspace.dir, "schemakit.lock.json"), "utf8")));
    expect(lock.subjects.get(`${names.topic}-value`)).toEqual({
      schema: `${names.pkg}.Order`,
      version: 1,
      schemaId: order.id,
      fingerprint: order.fingerprint,
    });

    // A consumer binding the pulled message and pulling just that subject: what pull locked (the subject
    // and the import it references) is what lock writes, and check --lock finds nothing out of step.
    const consumer = {
      inputs: ["pulled"],
      protoPaths: ["pulled"],
      topics: { [names.topic]: { value: `${names.pkg}.Order` } },
    };
    await put("schemakit.config.json", JSON.stringify(consumer));
    await rm(join(workspace.dir, "schemakit.lock.json"));
    const moneyPath = `${names.folder}/money.proto`;
    const money = (registered.json["subjects"] as SubjectJson[])[0] as SubjectJson;
    const consumed = await runJson("pull", `${names.topic}-value@1`, "--out", "pulled");
    expect(consumed.code).toBe(EXIT_OK);
    expect(consumed.json["referenced"]).toEqual([
      { subject: moneyPath, schema: moneyPath, version: 1, id: money.id, fingerprint: money.fingerprint },
    ]);
    const fromPull = await readFile(join(workspace.dir, "schemakit.lock.json"), "utf8");
    const check = await run("check", "--lock");
    expect(check.out).toEqual([`schemakit check --lock: 2 subjects in schemakit.lock.json: up to date`]);
    expect(check.code).toBe(EXIT_OK);
    await rm(join(workspace.dir, "schemakit.lock.json"));
    expect((await run("lock")).code).toBe(EXIT_OK);
    expect(await readFile(join(workspace.dir, "schemakit.lock.json"), "utf8")).toBe(fromPull);
  });
});
