import type { Schema } from "avsc";
import { checkDecoder, checkEncoder, type BenchContext } from "./bench-context.js";
import type { Operation } from "./measure.js";
import { PROTOBUF_DECODE_CASES, PROTOBUF_ENCODE_CASES } from "./protobuf/protobuf-cases.js";
import { SCHEMAKIT_DECODE_CASES, SCHEMAKIT_ENCODE_CASES } from "./schemakit-cases.js";

// The benchmark cases, one fresh process each. Names follow the peer serializer study the project started
// from (a = raw avsc, b2 = the honest framing limit with avsc's public API, c = kafkajs-csr, d = Confluent's
// JS client), so figures can be read next to the ones measured before this project existed. Every case
// checks its first 500 outputs against the reference bytes (or values) before it is timed.

export type CaseGroup = "encode" | "decode" | "protobuf-encode" | "protobuf-decode";

export interface BenchCase {
  readonly name: string;
  readonly group: CaseGroup;
  /** What the row measures, for the table. */
  readonly label: string;
  /** Set on schemakit's own rows: which of the targets the row is held to. */
  readonly target?: "serialize" | "deserialize" | "protobuf-serialize" | "protobuf-deserialize";
  readonly setup: (context: BenchContext) => Promise<Operation>;
}

/** The rows every ratio is taken against. */
export const AVSC_ENCODE = "a-avsc-toBuffer";
export const AVSC_DECODE = "a-avsc-fromBuffer";
export const KAFKAJS_ENCODE = "c-kafkajs-encode";
export const KAFKAJS_DECODE = "c-kafkajs-decode";

const avscToBuffer: BenchCase = {
  name: AVSC_ENCODE,
  group: "encode",
  label: "avsc type.toBuffer(record), no framing",
  setup: async (context) => {
    const { type, records } = context;
    await checkEncoder(context, AVSC_ENCODE, (i) => type.toBuffer(records[i]), context.bodies);
    return { kind: "sync", run: (i) => type.toBuffer(records[i]).length };
  },
};

const avscScratch: BenchCase = {
  name: "b2-avsc-encode-into-scratch",
  group: "encode",
  label: "header + type.encode into a reused scratch, one allocUnsafe copy out",
  setup: async (context) => {
    const { type, records, schemaId } = context;
    let scratch = Buffer.alloc(64 * 1024);
    scratch.writeInt32BE(schemaId, 1);
    const encode = (i: number): Buffer => {
      let end = type.encode(records[i], scratch, 5);
      if (end < 0) {
        // avsc answers minus the size it would have needed: grow once and write again.
        const grown = Buffer.alloc(scratch.length - end);
        scratch.copy(grown, 0, 0, 5);
        scratch = grown;
        end = type.encode(records[i], scratch, 5);
      }
      const out = Buffer.allocUnsafe(end);
      scratch.copy(out, 0, 0, end);
      return out;
    };
    await checkEncoder(context, "b2-avsc-encode-into-scratch", encode);
    return { kind: "sync", run: (i) => encode(i).length };
  },
};

const kafkajsEncode: BenchCase = {
  name: KAFKAJS_ENCODE,
  group: "encode",
  label: "@kafkajs/confluent-schema-registry: register once, await encode(id, record)",
  setup: async (context) => {
    const { kafkajsRegister, kafkajsRegistry } = await import("../interop/kafkajs-csr.js");
    const { USER_EVENT_SCHEMA_TEXT } = await import("./fixtures.js");
    const registry = kafkajsRegistry(context.registryUrl);
    const id = await kafkajsRegister(registry, context.topic, USER_EVENT_SCHEMA_TEXT);
    const { records } = context;
    await checkEncoder(context, KAFKAJS_ENCODE, (i) => registry.encode(id, records[i]));
    return { kind: "async", run: async (i) => (await registry.encode(id, records[i])).length };
  },
};

const kafkajsDecode: BenchCase = {
  name: KAFKAJS_DECODE,
  group: "decode",
  label: "@kafkajs/confluent-schema-registry: await decode(bytes)",
  setup: async (context) => {
    const { kafkajsRegistry } = await import("../interop/kafkajs-csr.js");
    const registry = kafkajsRegistry(context.registryUrl);
    const { framed } = context;
    await checkDecoder(context, KAFKAJS_DECODE, (i) => registry.decode(framed[i] as Buffer));
    return { kind: "async", run: async (i) => ((await registry.decode(framed[i] as Buffer)) === undefined ? 0 : 1) };
  },
};

const confluentSerialize: BenchCase = {
  name: "d-confluent-serialize(latest)",
  group: "encode",
  label: "@confluentinc/schemaregistry AvroSerializer{useLatestVersion}: await serialize(topic, record)",
  setup: async (context) => {
    const { AvroSerializer, SchemaRegistryClient, SerdeType } = await import("@confluentinc/schemaregistry");
    const client = new SchemaRegistryClient({ baseURLs: [context.registryUrl] });
    const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true });
    const { records, topic } = context;
    await checkEncoder(context, "d-confluent-serialize(latest)", (i) => serializer.serialize(topic, records[i]));
    return { kind: "async", run: async (i) => (await serializer.serialize(topic, records[i])).length };
  },
};

const avscFromBuffer: BenchCase = {
  name: AVSC_DECODE,
  group: "decode",
  label: "avsc type.fromBuffer(body), no framing",
  setup: async (context) => {
    const { type, bodies } = context;
    await checkDecoder(context, AVSC_DECODE, (i) => type.fromBuffer(bodies[i] as Buffer));
    return { kind: "sync", run: (i) => (type.fromBuffer(bodies[i] as Buffer) === undefined ? 0 : 1) };
  },
};

// The limit for a decoder that hands out Dates, as schemakit does: avsc with the same logical type.
const avscFromBufferDates: BenchCase = {
  name: "a2-avsc-fromBuffer(Date)",
  group: "decode",
  label: "avsc type.fromBuffer(body) with timestamp-millis as Date (schemakit's representation), no framing",
  setup: async (context) => {
    const avro = (await import("avsc")).default;
    const { LOGICAL_TYPES } = await import("../../src/serde/avro/logical-types.js");
    const { USER_EVENT_SCHEMA } = await import("./fixtures.js");
    const type = avro.Type.forSchema(USER_EVENT_SCHEMA as Schema, { logicalTypes: LOGICAL_TYPES });
    const { bodies } = context;
    await checkDecoder(context, "a2-avsc-fromBuffer(Date)", (i) => {
      const value = type.fromBuffer(bodies[i] as Buffer) as { ts: Date };
      return { ...value, ts: value.ts.getTime() };
    });
    return { kind: "sync", run: (i) => (type.fromBuffer(bodies[i] as Buffer) === undefined ? 0 : 1) };
  },
};

const confluentDeserialize: BenchCase = {
  name: "d-confluent-deserialize",
  group: "decode",
  label: "@confluentinc/schemaregistry AvroDeserializer: await deserialize(topic, bytes)",
  setup: async (context) => {
    const { AvroDeserializer, SchemaRegistryClient, SerdeType } = await import("@confluentinc/schemaregistry");
    const client = new SchemaRegistryClient({ baseURLs: [context.registryUrl] });
    const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
    const { framed, topic } = context;
    await checkDecoder(context, "d-confluent-deserialize", (i) => deserializer.deserialize(topic, framed[i] as Buffer));
    return {
      kind: "async",
      run: async (i) => ((await deserializer.deserialize(topic, framed[i] as Buffer)) === undefined ? 0 : 1),
    };
  },
};

/** Every case, in the order the table prints them: encoders, then decoders. */
export const CASES: readonly BenchCase[] = [
  avscToBuffer,
  avscScratch,
  kafkajsEncode,
  confluentSerialize,
  ...SCHEMAKIT_ENCODE_CASES,
  avscFromBuffer,
  avscFromBufferDates,
  kafkajsDecode,
  confluentDeserialize,
  ...SCHEMAKIT_DECODE_CASES,
  ...PROTOBUF_ENCODE_CASES,
  ...PROTOBUF_DECODE_CASES,
];

export function findCase(name: string): BenchCase {
  const found = CASES.find((benchCase) => benchCase.name === name);
  if (found === undefined) throw new Error(`no bench case "${name}"; cases: ${CASES.map((c) => c.name).join(", ")}`);
  return found;
}
