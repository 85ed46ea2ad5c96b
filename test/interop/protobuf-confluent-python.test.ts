import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { create, toBinary, toJson, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { afterAll, describe, expect, it } from "vitest";
import { type CompileProtosOptions, compileProtos } from "../../codegen/protobuf/load/compile-protos.js";
import { SchemaRegistry } from "../../src/registry/index.js";
import { ProtobufDeserializer, ProtobufSerializer, compiledMessage } from "../../src/serde/protobuf/index.js";
import { requireServices, uniqueName } from "../support/services.js";
import { compiledFixture, PROTO_FIXTURES } from "../unit/serde/protobuf/compiled-fixture.js";
import { confluentProtobufDeserialize, confluentProtobufSerialize } from "./confluent-protobuf-cli.js";

// Confluent's own Python ProtobufSerializer/ProtobufDeserializer (confluent-kafka 2.16.0, protobuf 7.36.2,
// run by test/interop/confluent_protobuf.py on the same compiled FileDescriptorSet) are the reference,
// against the real registry, both directions: schemakit registers its canonical .proto text (imports as
// references first); Python, told to use that latest schema, gets the same id and writes the same bytes;
// each side reads the other's records. Python reads through the registry's text with the stand-in for
// Confluent's server-side rendering that confluent_protobuf.py describes (Apicurio's is broken).

const services = requireServices();
const scratch: string[] = [];

afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

async function descriptorSetFile(options: CompileProtosOptions): Promise<string> {
  const compiled = await compileProtos(options);
  const dir = await mkdtemp(join(tmpdir(), "schemakit-proto-interop-"));
  scratch.push(dir);
  const path = join(dir, "set.binpb");
  await writeFile(path, toBinary(FileDescriptorSetSchema, compiled.fileSet));
  return path;
}

const ORDER_PROTOS: CompileProtosOptions = {
  cwd: PROTO_FIXTURES,
  includePaths: ["main", "shared"],
  files: ["main/com/acme/orders/order.proto"],
};
const PROTO2_PROTOS: CompileProtosOptions = {
  cwd: join(PROTO_FIXTURES, "syntaxes"),
  includePaths: ["."],
  files: ["legacy/shipment.proto"],
};

// Deterministic variety: every field set or left unset, both oneof cases, negative and 64-bit numbers.
// Maps hold at most one entry where bytes are compared: Protobuf leaves the order of map entries on the
// wire unspecified, and Python writes them in its hash order, schemakit in insertion order.
function orders(count: number, maxTags = 1): MessageInitShape<DescMessage>[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i % 5 === 0 ? "" : `order-${i}-ü`,
    tags: Object.fromEntries(Array.from({ length: i % (maxTags + 1) }, (_, t) => [`k${t}`, `v${i * t}`])),
    lines: Array.from({ length: i % 4 }, (_, l) => ({
      sku: `sku-${l}`,
      quantity: (i * 977 + l) % 70_000,
      notes: l % 2 === 0 ? [] : [{ text: `note ${i}` }],
    })),
    total: i % 2 === 0 ? undefined : { currency: "EUR", units: BigInt(i) * 9_007_199_254_740_993n, nanos: -i },
    placedAt: i % 3 === 0 ? undefined : { seconds: BigInt(1_700_000_000 + i), nanos: i * 1000 },
    status: i % 2,
    payment:
      i % 3 === 0 ? { case: "cardToken", value: `tok-${i}` } : i % 3 === 1 ? { case: "iban", value: "DE89" } : {},
    discount: i % 4 === 0 ? undefined : BigInt(-i * 1_000_003),
  }));
}

function shipment(i: number): MessageInitShape<DescMessage> {
  return {
    id: `ship-${i}`,
    attempts: i % 2 === 0 ? undefined : i,
    carrier: i % 3 === 0 ? undefined : 1 + (i % 2),
    parcelIds: Array.from({ length: i % 3 }, (_, p) => BigInt(p) * 18_446_744_073_709_551_557n),
    deltas: Array.from({ length: i % 4 }, (_, d) => d * (d % 2 === 0 ? 1 : -1) * 1_000),
    label: i % 2 === 0 ? new Uint8Array([0, 255, i]) : undefined,
    weight: i % 5 === 0 ? undefined : i * 0.25,
  };
}

function shipments(count: number): MessageInitShape<DescMessage>[] {
  return Array.from({ length: count }, (_, i) => ({
    ...shipment(i),
    children: i % 3 === 0 ? { [String(-i)]: shipment(i + 1) } : {},
  }));
}

// Python's use.latest.version finds the message among its file's top-level messages only
// (message_types_by_name), so for a nested message Python registers its own form and gets another id;
// the bytes after the id are compared then.
const CASES = [
  { message: "com.acme.orders.Order", protos: ORDER_PROTOS, values: () => orders(24), pythonUsesLatest: true },
  {
    message: "com.acme.orders.Order.Line",
    protos: ORDER_PROTOS,
    values: () => orders(24).flatMap((order) => (order["lines"] as MessageInitShape<DescMessage>[]) ?? []),
    pythonUsesLatest: false,
  },
  { message: "legacy.Shipment", protos: PROTO2_PROTOS, values: () => shipments(18), pythonUsesLatest: true },
] as const;

describe("Protobuf interop with Confluent's Python serializers (confluent-kafka 2.16.0)", () => {
  it.each(CASES)(
    "$message: Python writes schemakit's bytes (and id, where it can); each reads the other's",
    async ({ message, protos, values: makeValues, pythonUsesLatest }) => {
      const fixture = await compiledFixture(protos);
      const desc = fixture.message(message);
      const schema = compiledMessage(desc);
      const values = makeValues();
      const json = values.map((value) => JSON.stringify(toJson(schema, create(schema, value))));
      const topic = uniqueName("interop-proto");
      const registry = new SchemaRegistry({ url: services().schemaRegistryUrl });
      const serializer = new ProtobufSerializer(desc, { registry });
      const prepared = await serializer.prepare(topic);
      const stored = await registry.getById(prepared.schemaId);
      expect(stored.schema).toBe(desc.file.schema);
      const fromSchemakit = values.map((value) => serializer.serializeSync(topic, value));

      const target = {
        registryUrl: services().schemaRegistryUrl,
        topic,
        descriptorSet: await descriptorSetFile(protos),
        message,
      };
      const fromPython = await confluentProtobufSerialize({ ...target, useLatest: pythonUsesLatest }, json);
      const idOf = (bytes: Buffer): number => bytes.readInt32BE(1);
      if (pythonUsesLatest) expect(fromPython.map(idOf)).toEqual(fromPython.map(() => prepared.schemaId));
      else expect(fromPython.map(idOf)).not.toContain(prepared.schemaId);
      const afterId = (bytes: Buffer): string =>
        `${bytes.subarray(0, 1).toString("hex")}${bytes.subarray(5).toString("hex")}`;
      expect(fromSchemakit.map(afterId)).toEqual(fromPython.map(afterId));
      if (pythonUsesLatest) {
        expect(fromSchemakit.map((bytes) => bytes.toString("hex"))).toEqual(
          fromPython.map((bytes) => bytes.toString("hex")),
        );
      }

      const readByPython = await confluentProtobufDeserialize(target, fromSchemakit);
      expect(readByPython).toEqual(json.map((text): unknown => JSON.parse(text)));

      const deserializer = new ProtobufDeserializer(desc, { registry });
      const read = await Promise.all(fromPython.map((bytes) => deserializer.deserialize(topic, bytes)));
      expect(read.map((value) => JSON.stringify(toJson(schema, create(schema, value))))).toEqual(json);
    },
  );

  it("registering the same file twice, or a copy differing only in comments, gives one id", async () => {
    const registry = new SchemaRegistry({ url: services().schemaRegistryUrl });
    const subject = uniqueName("interop-proto-same");
    const first = await new ProtobufSerializer((await compiledFixture(ORDER_PROTOS)).message("com.acme.orders.Order"), {
      registry,
      subjectNameStrategy: () => subject,
    }).prepare("t");
    // A copy of order.proto and its import with other comments and layout, compiled from elsewhere.
    const dir = await mkdtemp(join(tmpdir(), "schemakit-proto-copy-"));
    scratch.push(dir);
    for (const path of ["main/com/acme/orders/order.proto", "shared/acme/common/money.proto"]) {
      const original = await readFile(join(PROTO_FIXTURES, path), "utf8");
      const reworded = original
        .replace(/\/\/[^\n]*/g, "/* other words */")
        .replace(/\n\n/g, "\n")
        .replace(/ = /g, "=");
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), `// A copy.\n${reworded}`);
    }
    const copy = await compiledFixture({ ...ORDER_PROTOS, cwd: dir });
    const second = await new ProtobufSerializer(copy.message("com.acme.orders.Order"), {
      registry,
      subjectNameStrategy: () => subject,
    }).prepare("t");
    expect(second.schemaId).toBe(first.schemaId);
    expect((await registry.getVersions(subject)).length).toBe(1);
  });

  it("maps of many entries, schema registered by Python itself: schemakit reads Python's records", async () => {
    const fixture = await compiledFixture(ORDER_PROTOS);
    const desc = fixture.message("com.acme.orders.Order");
    const schema = compiledMessage(desc);
    const values = orders(12, 5);
    const json = values.map((value) => JSON.stringify(toJson(schema, create(schema, value))));
    const topic = uniqueName("interop-proto-maps");
    const target = {
      registryUrl: services().schemaRegistryUrl,
      topic,
      descriptorSet: await descriptorSetFile(ORDER_PROTOS),
      message: desc.name,
    };
    const fromPython = await confluentProtobufSerialize(target, json);
    const registry = new SchemaRegistry({ url: services().schemaRegistryUrl });
    // Python registers the base64 FileDescriptorProto: another schema than schemakit's text, read as such.
    expect((await registry.getById(fromPython[0]?.readInt32BE(1) ?? -1)).schema).toBe(desc.file.descriptor);
    const deserializer = new ProtobufDeserializer(desc, { registry });
    const read = await Promise.all(fromPython.map((bytes) => deserializer.deserialize(topic, bytes)));
    expect(read.map((message) => toJson(schema, create(schema, message)))).toEqual(
      json.map((text): unknown => JSON.parse(text)),
    );
  });
});
