import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, toBinary, toJson, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { afterAll, describe, expect, it } from "vitest";
import { compileProtos } from "../../codegen/protobuf/load/compile-protos.js";
import { SchemaRegistry } from "../../src/registry/index.js";
import { ProtobufDeserializer, ProtobufSerializer, compiledMessage } from "../../src/serde/protobuf/index.js";
import { requireServices, uniqueName } from "../support/services.js";
import { compiledOrderFixture, PROTO_FIXTURES } from "../unit/serde/protobuf/compiled-fixture.js";
import { confluentProtobufSerialize } from "./confluent-protobuf-cli.js";

// Confluent's own Python ProtobufSerializer/ProtobufDeserializer (confluent-kafka 2.16.0, protobuf 7.36.2,
// run by test/interop/confluent_protobuf.py on the same compiled FileDescriptorSet) are the reference,
// against the real registry: same schema id, byte-identical records, and schemakit reads Python's.
//
// Not checked here: Python reading schemakit's records. Python's deserializer asks the registry for the
// writer schema with format=serialized; Apicurio then parses the stored schema as .proto text, and the
// base64 FileDescriptorProto that Python itself registers (and schemakit registers, the same text) fails
// to parse, so Python cannot read even its own records through Apicurio. Registering canonical .proto
// text, as Java does, lifts that; until then the byte identity above stands for it.

const services = requireServices();
let tempDir: string | undefined;

afterAll(async () => {
  if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
});

async function descriptorSetFile(): Promise<string> {
  const compiled = await compileProtos({
    cwd: PROTO_FIXTURES,
    includePaths: ["main", "shared"],
    files: ["main/com/acme/orders/order.proto"],
  });
  tempDir ??= await mkdtemp(join(tmpdir(), "schemakit-proto-interop-"));
  const path = join(tempDir, "order.binpb");
  await writeFile(path, toBinary(FileDescriptorSetSchema, compiled.fileSet));
  return path;
}

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

describe("Protobuf interop with Confluent's Python serializers (confluent-kafka 2.16.0)", () => {
  for (const name of ["com.acme.orders.Order", "com.acme.orders.Order.Line"] as const) {
    it(`${name}: schemakit gets Python's id, writes Python's bytes, and reads Python's`, async () => {
      const fixture = await compiledOrderFixture();
      const desc = fixture.message(name);
      const schema = compiledMessage(desc);
      const values =
        name === "com.acme.orders.Order"
          ? orders(24)
          : orders(24).flatMap((order) => (order["lines"] as MessageInitShape<DescMessage>[]) ?? []);
      const json = values.map((value) => JSON.stringify(toJson(schema, create(schema, value))));
      const topic = uniqueName("interop-proto");
      const target = {
        registryUrl: services().schemaRegistryUrl,
        topic,
        descriptorSet: await descriptorSetFile(),
        message: name,
      };

      const fromPython = await confluentProtobufSerialize(target, json);
      const registry = new SchemaRegistry({ url: services().schemaRegistryUrl });
      const serializer = new ProtobufSerializer(desc, { registry });
      const prepared = await serializer.prepare(topic);
      expect(fromPython.map((bytes) => bytes.readInt32BE(1))).toEqual(fromPython.map(() => prepared.schemaId));
      const fromSchemakit = values.map((value) => serializer.serializeSync(topic, value));
      expect(fromSchemakit.map((bytes) => bytes.toString("hex"))).toEqual(
        fromPython.map((bytes) => bytes.toString("hex")),
      );

      const deserializer = new ProtobufDeserializer(desc, { registry });
      const read = await Promise.all(fromPython.map((bytes) => deserializer.deserialize(topic, bytes)));
      expect(read.map((message) => JSON.stringify(toJson(schema, create(schema, message))))).toEqual(json);
    });
  }

  it("maps of many entries: schemakit reads Python's records whatever order Python wrote the entries in", async () => {
    const fixture = await compiledOrderFixture();
    const desc = fixture.message("com.acme.orders.Order");
    const schema = compiledMessage(desc);
    const values = orders(12, 5);
    const json = values.map((value) => JSON.stringify(toJson(schema, create(schema, value))));
    const topic = uniqueName("interop-proto-maps");
    const target = {
      registryUrl: services().schemaRegistryUrl,
      topic,
      descriptorSet: await descriptorSetFile(),
      message: desc.name,
    };
    const fromPython = await confluentProtobufSerialize(target, json);
    const registry = new SchemaRegistry({ url: services().schemaRegistryUrl });
    const deserializer = new ProtobufDeserializer(desc, { registry });
    const read = await Promise.all(fromPython.map((bytes) => deserializer.deserialize(topic, bytes)));
    expect(read.map((message) => toJson(schema, create(schema, message)))).toEqual(
      json.map((text): unknown => JSON.parse(text)),
    );
  });
});
