import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_OK, runCli } from "../../codegen/cli.js";
import { SchemaRegistry } from "../../src/registry/index.js";
import type { AvroRecordType } from "../../src/runtime/v1/index.js";
import { createDeserializer, createSerializer } from "../../src/serde/index.js";
import { requireServices, uniqueName } from "../support/services.js";

// Classes generated from Avro IDL (the oracle corpus) through the real registry: the shorthands
// (decimal, uuid, time_ms, local_timestamp_ms, date), optional types, unions, recursion, and types
// imported from .avsc, .avpr and other .avdl files. References are inline, so every subject is the
// test's own `<topic>-value`.

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FILES = ["issue-example", "optional", "unions", "cycle", "confluent-style", "imports/nested-import"];

interface GeneratedClass {
  new (init: Record<string, unknown>): object;
  readonly schema: AvroRecordType<object, Record<string, unknown>>;
}

const services = requireServices();
let dir: string;
let registry: SchemaRegistry | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "schemakit-idl-round-trip-"));
  const err: string[] = [];
  const inputs = FILES.map((name) => `test/fixtures/idl/${name}.avdl`);
  const code = await runCli(["generate", ...inputs, "--references", "inline", "--out", join(dir, "gen")], {
    out: () => {},
    err: (line) => err.push(line),
    cwd: ROOT,
  });
  expect(err).toEqual([]);
  expect(code).toBe(EXIT_OK);
}, 60_000);

afterAll(async () => {
  await registry?.close();
  await rm(dir, { recursive: true, force: true });
});

async function generated(path: string, name: string): Promise<GeneratedClass> {
  const module = (await import(pathToFileURL(join(dir, "gen", path)).href)) as Record<string, GeneratedClass>;
  const found = module[name];
  if (found === undefined) throw new Error(`${path} has no export ${name}`);
  return found;
}

/** Returns the schema the registry stored. */
async function roundTrip(type: GeneratedClass, init: Record<string, unknown>): Promise<string> {
  registry ??= new SchemaRegistry({ url: services().schemaRegistryUrl });
  const topic = uniqueName("codegen-idl");
  const value = new type(init);
  const bytes = await createSerializer(type, { registry }).serialize(topic, value);
  const stored = await registry.getVersion(`${topic}-value`, "latest");
  expect(bytes.readInt32BE(1)).toBe(stored.id);
  // A fresh client: the writer schema comes back from the registry, not from a cache.
  const reader = new SchemaRegistry({ url: services().schemaRegistryUrl });
  try {
    const back = await createDeserializer(type, { registry: reader }).deserialize(topic, bytes);
    expect(back).toStrictEqual(value);
    expect(back).toBeInstanceOf(type);
  } finally {
    await reader.close();
  }
  return stored.schema;
}

describe("classes generated from Avro IDL against a real registry", () => {
  it("round-trips uuid, decimal(9,2), local_timestamp_ms, time_ms (int), timestamp_ms, date", async () => {
    const stored = await roundTrip(await generated("com/example/shop/purchase.avro.ts", "Purchase"), {
      u: "9f1c6c1e-7a52-4c55-9d1e-2b6f0e1d4a10",
      price: "1234567.89",
      t: 1_764_633_600_000,
      cutoff: 86_399_999,
      placedAt: new Date("2026-12-01T22:00:00.123Z"),
      deliveryDay: 20_423,
    });
    const fields = (JSON.parse(stored) as { fields: { name: string; type: unknown }[] }).fields;
    expect(Object.fromEntries(fields.map((field) => [field.name, field.type]))).toEqual({
      u: { type: "string", logicalType: "uuid" },
      price: { type: "bytes", logicalType: "decimal", precision: 9, scale: 2 },
      t: { type: "long", logicalType: "local-timestamp-millis" },
      cutoff: { type: "int", logicalType: "time-millis" },
      placedAt: { type: "long", logicalType: "timestamp-millis" },
      deliveryDay: { type: "int", logicalType: "date" },
    });
  });

  it("round-trips optional types (T?) with and without values", async () => {
    const Optionals = await generated("org/example/optional/optionals.avro.ts", "Optionals");
    await roundTrip(Optionals, { s: null, price: null });
    await roundTrip(Optionals, {
      s: "x",
      i: 1,
      l: null,
      r: { x: 2 },
      e: null,
      price: "-1234.50",
      day: 3,
      id: "00000000-0000-0000-0000-000000000001",
      items: ["a", null],
      refs: { k: { x: 3 }, n: null },
    });
  });

  it("round-trips unions of records, enums, fixed, arrays and maps", async () => {
    const Pets = await generated("org/example/unions/pets.avro.ts", "Pets");
    const Dog = await generated("org/example/unions/dog.avro.ts", "Dog");
    await roundTrip(Pets, { pet: new Dog({ name: "Rex" }), maybePet: { name: "Tom" }, anything: 5, mixed: ["a"] });
    await roundTrip(Pets, { pet: { name: "Kit" }, anything: Buffer.from([1, 2]), mixed: { a: 1 }, deep: ["x", null] });
  });

  it("round-trips recursive records and records imported from .avsc, .avpr and .avdl files", async () => {
    await roundTrip(await generated("org/example/cycle/node.avro.ts", "Node"), {
      label: "root",
      next: { label: "next" },
      children: [{ label: "child", byName: { leaf: { label: "leaf" } } }],
    });
    await roundTrip(await generated("org/example/nested/league.avro.ts", "League"), {
      squads: [{ name: "Blue", players: [{ number: 1, name: "Ann", positions: ["GOALKEEPER"] }], roles: {} }],
      fee: { text: "entry" },
    });
    await roundTrip(await generated("io/example/payments/payment-batch.avro.ts", "PaymentBatch"), {
      batchId: "0b6b9d3e-52a4-4a55-8b8e-3f1b9c1b2c3d",
      payments: [{ id: "p1", amount: 9.5, createdAt: new Date(0), customerId: "c1", metadata: { k: "v" } }],
      processedAt: 1_764_633_600_000,
    });
  });
});
