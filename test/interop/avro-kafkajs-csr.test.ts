import { describe, expect, it } from "vitest";
import { requireServices, uniqueName } from "../support/services.js";
import { INTEROP_CASES, userEventCase } from "./interop-cases.js";
import { kafkajsDecodeAll, kafkajsEncodeAll, kafkajsRegister, kafkajsRegistry } from "./kafkajs-csr.js";
import { schemakitSerde } from "./schemakit-serde.js";
import { framedSchemaId, hex } from "./wire-bytes.js";

// schemakit next to @kafkajs/confluent-schema-registry 3.9.0, the JS client most Kafka users have today,
// on the real registry: both register the same compact text under one subject, so the id is the same;
// then the bytes must be identical and each must read the other's. Everything kafkajs-csr does in-process
// is cheap, so the UserEvent case runs 2,000 seeded records here (the Python suite runs 500).
// kafkajs-csr is trusted only as far as avro-confluent-python.test.ts proves it against Python.

const SEEDED_USER_EVENTS = 2_000;
const CASES = [
  userEventCase(SEEDED_USER_EVENTS),
  ...INTEROP_CASES.filter((testCase) => testCase.name !== "user-event"),
];

const services = requireServices();

describe("Avro interop with @kafkajs/confluent-schema-registry 3.9.0", () => {
  for (const testCase of CASES) {
    const count = `${testCase.records.length} records`;
    it(`${testCase.name}: schemakit gets kafkajs-csr's id and bytes, each reads the other's (${count})`, async () => {
      const topic = uniqueName(`interop-kjs-${testCase.name}`);
      const registryUrl = services().schemaRegistryUrl;
      const kafkajs = kafkajsRegistry(registryUrl);
      const id = await kafkajsRegister(kafkajs, topic, testCase.schemaText);
      const fromKafkajs = await kafkajsEncodeAll(kafkajs, id, testCase.records);

      const schemakit = schemakitSerde(registryUrl, topic, testCase.schemaText);
      const fromSchemakit = await schemakit.encodeAll(testCase.records);
      expect(fromSchemakit.map(framedSchemaId)).toEqual(fromSchemakit.map(() => id));
      expect(hex(fromSchemakit)).toEqual(hex(fromKafkajs));

      expect(await kafkajsDecodeAll(kafkajs, fromSchemakit)).toEqual(testCase.records);
      expect(await schemakit.decodeAll(fromKafkajs)).toEqual(testCase.records);
    });
  }
});
