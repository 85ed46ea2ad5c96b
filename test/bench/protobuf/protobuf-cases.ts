import { readFileSync } from "node:fs";
import { create, createMutableRegistry, fromBinary, toBinary, type DescMessage } from "@bufbuild/protobuf";
import { SchemaRegistry } from "../../../src/registry/index.js";
import { createDeserializer, createSerializer } from "../../../src/serde/index.js";
import { encodeHeader } from "../../../src/serde/wire-format.js";
import { checkEncoder, SAMPLE_CHECKS } from "../bench-context.js";
import type { BenchCase } from "../cases.js";
import { UserEvent } from "./generated/com/example/bench/user_event.proto.js";
import {
  protobufFixture,
  protobufjsObject,
  protobufTopic,
  USER_EVENT_DESC,
  USER_EVENT_PROTO,
  type ProtobufFixture,
} from "./protobuf-fixtures.js";

// The Protobuf rows: user_event.proto's UserEvent (the Avro bench's 12 fields and records) through
// schemakit, protobufjs, @bufbuild/protobuf, kafkajs-csr and Confluent's JS client. Encoders must write
// @bufbuild/protobuf's bytes in Confluent's frame (kafkajs-csr: without message indexes, which it never
// writes); decoders' values must re-encode to the record's body.

export const PROTOBUFJS_ENCODE = "pa-protobufjs-encode";
export const PROTOBUFJS_DECODE = "pa-protobufjs-decode";
export const BUFBUILD_ENCODE = "pb-bufbuild-toBinary";
export const KAFKAJS_PROTOBUF_ENCODE = "pc-kafkajs-protobuf-encode";
export const CONFLUENT_PROTOBUF_ENCODE = "pd-confluent-protobuf-serialize(latest)";

async function protobufjsType() {
  const protobuf = (await import("protobufjs")).default;
  const root = protobuf.parse(readFileSync(USER_EVENT_PROTO, "utf8")).root;
  return root.lookupType("com.example.bench.UserEvent");
}

/** Throws when a decoder's value for the sample does not re-encode to the record's body. */
function checkProtobufDecoder(
  fixture: ProtobufFixture,
  name: string,
  decode: (index: number) => unknown,
  reencode: (value: unknown) => Uint8Array,
): void {
  for (let index = 0; index < Math.min(SAMPLE_CHECKS, fixture.bodies.length); index += 1) {
    const body = fixture.bodies[index] ?? Buffer.alloc(0);
    if (!Buffer.from(reencode(decode(index))).equals(body)) {
      throw new Error(`${name}: record ${index} decodes to a value that does not re-encode to its body`);
    }
  }
}

const bufbuildReencode = (value: unknown): Uint8Array =>
  toBinary(USER_EVENT_DESC, create(USER_EVENT_DESC as DescMessage, value as never));

const protobufjsEncode: BenchCase = {
  name: PROTOBUFJS_ENCODE,
  group: "protobuf-encode",
  label: "protobufjs Type.encode(object).finish(), then header + indexes + payload into a new Buffer",
  setup: async (context) => {
    const fixture = await protobufFixture(context);
    const type = await protobufjsType();
    const objects = context.records.map(protobufjsObject);
    const header = encodeHeader(fixture.schemaId, [0]);
    const encode = (i: number): Buffer => {
      const payload = type.encode(objects[i]!).finish();
      const framed = Buffer.allocUnsafe(header.length + payload.length);
      header.copy(framed, 0);
      framed.set(payload, header.length);
      return framed;
    };
    await checkEncoder(context, PROTOBUFJS_ENCODE, encode, fixture.framed);
    return { kind: "sync", run: (i) => encode(i).length };
  },
};

const bufbuildToBinary: BenchCase = {
  name: BUFBUILD_ENCODE,
  group: "protobuf-encode",
  label: "@bufbuild/protobuf toBinary(message) (messages created before), then framing into a new Buffer",
  setup: async (context) => {
    const fixture = await protobufFixture(context);
    const messages = fixture.inits.map((init) => create(USER_EVENT_DESC, init as never));
    const header = encodeHeader(fixture.schemaId, [0]);
    const encode = (i: number): Buffer => {
      const payload = toBinary(USER_EVENT_DESC, messages[i]!);
      const framed = Buffer.allocUnsafe(header.length + payload.length);
      header.copy(framed, 0);
      framed.set(payload, header.length);
      return framed;
    };
    await checkEncoder(context, BUFBUILD_ENCODE, encode, fixture.framed);
    return { kind: "sync", run: (i) => encode(i).length };
  },
};

const kafkajsProtobufEncode: BenchCase = {
  name: KAFKAJS_PROTOBUF_ENCODE,
  group: "protobuf-encode",
  label: "@kafkajs/confluent-schema-registry (PROTOBUF): register once, await encode(id, object); no indexes",
  setup: async (context) => {
    const { SchemaType } = await import("@kafkajs/confluent-schema-registry");
    const { kafkajsRegistry } = await import("../../interop/kafkajs-csr.js");
    const fixture = await protobufFixture(context);
    const registry = kafkajsRegistry(context.registryUrl);
    const { id } = await registry.register(
      { type: SchemaType.PROTOBUF, schema: readFileSync(USER_EVENT_PROTO, "utf8") },
      { subject: `${protobufTopic(context)}-kafkajs-value` },
    );
    const objects = context.records.map(protobufjsObject);
    const expected = fixture.framedWithoutIndexes(id);
    await checkEncoder(context, KAFKAJS_PROTOBUF_ENCODE, (i) => registry.encode(id, objects[i]), expected);
    return { kind: "async", run: async (i) => (await registry.encode(id, objects[i])).length };
  },
};

const confluentProtobufSerialize: BenchCase = {
  name: CONFLUENT_PROTOBUF_ENCODE,
  group: "protobuf-encode",
  label: "@confluentinc/schemaregistry ProtobufSerializer{useLatestVersion}: await serialize(topic, message)",
  setup: async (context) => {
    const { ProtobufSerializer, SchemaRegistryClient, SerdeType } = await import("@confluentinc/schemaregistry");
    const fixture = await protobufFixture(context);
    const client = new SchemaRegistryClient({ baseURLs: [context.registryUrl] });
    const registry = createMutableRegistry(USER_EVENT_DESC);
    const serializer = new ProtobufSerializer(client, SerdeType.VALUE, { useLatestVersion: true, registry });
    const messages = fixture.inits.map((init) => create(USER_EVENT_DESC, init as never));
    const topic = protobufTopic(context);
    await checkEncoder(
      context,
      CONFLUENT_PROTOBUF_ENCODE,
      (i) => serializer.serialize(topic, messages[i]),
      fixture.framed,
    );
    return { kind: "async", run: async (i) => (await serializer.serialize(topic, messages[i])).length };
  },
};

const schemakitSerializeSync: BenchCase = {
  name: "pe1-schemakit-protobuf-serializeSync",
  group: "protobuf-encode",
  label: "schemakit, generated UserEvent class: prepare once, serializeSync(topic, instance)",
  target: "protobuf-serialize",
  setup: async (context) => {
    const fixture = await protobufFixture(context);
    const serializer = createSerializer(UserEvent, { registry: new SchemaRegistry({ url: context.registryUrl }) });
    const topic = protobufTopic(context);
    await serializer.prepare(topic);
    const instances = fixture.inits.map((init) => new UserEvent(init));
    await checkEncoder(
      context,
      "pe1-schemakit-protobuf-serializeSync",
      (i) => serializer.serializeSync(topic, instances[i]!),
      fixture.framed,
    );
    return { kind: "sync", run: (i) => serializer.serializeSync(topic, instances[i]!).length };
  },
};

const protobufjsDecode: BenchCase = {
  name: PROTOBUFJS_DECODE,
  group: "protobuf-decode",
  label: "protobufjs Type.decode(body), no framing",
  setup: async (context) => {
    const fixture = await protobufFixture(context);
    const type = await protobufjsType();
    const { bodies } = fixture;
    checkProtobufDecoder(
      fixture,
      PROTOBUFJS_DECODE,
      (i) => type.decode(bodies[i]!),
      (value) => type.encode(value as never).finish(),
    );
    return { kind: "sync", run: (i) => (type.decode(bodies[i]!) === undefined ? 0 : 1) };
  },
};

const bufbuildFromBinary: BenchCase = {
  name: "pb-bufbuild-fromBinary",
  group: "protobuf-decode",
  label: "@bufbuild/protobuf fromBinary(body), no framing",
  setup: async (context) => {
    const fixture = await protobufFixture(context);
    const { bodies } = fixture;
    checkProtobufDecoder(
      fixture,
      "pb-bufbuild-fromBinary",
      (i) => fromBinary(USER_EVENT_DESC, bodies[i]!),
      (value) => toBinary(USER_EVENT_DESC, value as never),
    );
    return { kind: "sync", run: (i) => (fromBinary(USER_EVENT_DESC, bodies[i]!) === undefined ? 0 : 1) };
  },
};

const schemakitDeserializeSync: BenchCase = {
  name: "pf1-schemakit-protobuf-deserializeSync",
  group: "protobuf-decode",
  label: "schemakit, generated UserEvent class: deserializeSync(topic, bytes) into instances",
  target: "protobuf-deserialize",
  setup: async (context) => {
    const fixture = await protobufFixture(context);
    const deserializer = createDeserializer(UserEvent, { registry: new SchemaRegistry({ url: context.registryUrl }) });
    const topic = protobufTopic(context);
    const { framed } = fixture;
    await deserializer.deserialize(topic, framed[0]!);
    checkProtobufDecoder(
      fixture,
      "pf1-schemakit-protobuf-deserializeSync",
      (i) => {
        const value = deserializer.deserializeSync(topic, framed[i]!);
        if (!(value instanceof UserEvent)) throw new Error("pf1: not a UserEvent instance");
        return value;
      },
      bufbuildReencode,
    );
    return { kind: "sync", run: (i) => (deserializer.deserializeSync(topic, framed[i]!) === undefined ? 0 : 1) };
  },
};

export const PROTOBUF_ENCODE_CASES: readonly BenchCase[] = [
  protobufjsEncode,
  bufbuildToBinary,
  kafkajsProtobufEncode,
  confluentProtobufSerialize,
  schemakitSerializeSync,
];
export const PROTOBUF_DECODE_CASES: readonly BenchCase[] = [
  protobufjsDecode,
  bufbuildFromBinary,
  schemakitDeserializeSync,
];
