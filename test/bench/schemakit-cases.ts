import { SchemaRegistry } from "../../src/registry/index.js";
import { defineAvroRecord } from "../../src/runtime/v1/index.js";
import { createDeserializer, createSerializer } from "../../src/serde/index.js";
import { checkDecoder, checkEncoder, type BenchContext } from "./bench-context.js";
import type { BenchCase } from "./cases.js";
import { UserEvent as GeneratedUserEvent } from "../unit/codegen/golden/user-event/com/example/user-event.avro.js";
import { USER_EVENT_SCHEMA, type UserEventValue } from "./fixtures.js";

// schemakit's own rows. Its UserEvent maps timestamp-millis to a Date (what a TypeScript user holds),
// so the records are converted before timing; the bytes must still be the reference frames.

type DatedUserEvent = Omit<UserEventValue, "ts"> & { readonly ts: Date };

const UserEvent = defineAvroRecord<DatedUserEvent>({ schema: USER_EVENT_SCHEMA });

function dated(records: readonly UserEventValue[]): DatedUserEvent[] {
  return records.map((record) => ({ ...record, ts: new Date(record.ts) }));
}

function undated(value: DatedUserEvent): UserEventValue {
  return { ...value, ts: value.ts.getTime() };
}

async function preparedSerializer(context: BenchContext) {
  const serializer = createSerializer(UserEvent, { registry: new SchemaRegistry({ url: context.registryUrl }) });
  const { schemaId } = await serializer.prepare(context.topic);
  if (schemaId !== context.schemaId)
    throw new Error(`schemakit registered id ${schemaId}, the bench expects ${context.schemaId}`);
  return serializer;
}

const serializeSync: BenchCase = {
  name: "e1-schemakit-serializeSync",
  group: "encode",
  label: "schemakit: prepare once, serializeSync(topic, record) (the producer's path)",
  target: "serialize",
  setup: async (context) => {
    const serializer = await preparedSerializer(context);
    const records = dated(context.records);
    await checkEncoder(context, "e1-schemakit-serializeSync", (i) =>
      serializer.serializeSync(context.topic, records[i]!),
    );
    return { kind: "sync", run: (i) => serializer.serializeSync(context.topic, records[i]!).length };
  },
};

const serializeAwaited: BenchCase = {
  name: "e2-schemakit-serialize",
  group: "encode",
  label: "schemakit: await serialize(topic, record), one at a time",
  target: "serialize",
  setup: async (context) => {
    const serializer = await preparedSerializer(context);
    const records = dated(context.records);
    await checkEncoder(context, "e2-schemakit-serialize", (i) => serializer.serialize(context.topic, records[i]!));
    return { kind: "async", run: async (i) => (await serializer.serialize(context.topic, records[i]!)).length };
  },
};

async function primedDeserializer(context: BenchContext) {
  const deserializer = createDeserializer(UserEvent, { registry: new SchemaRegistry({ url: context.registryUrl }) });
  await deserializer.deserialize(context.topic, context.framed[0]!);
  return deserializer;
}

const deserializeSync: BenchCase = {
  name: "f1-schemakit-deserializeSync",
  group: "decode",
  label: "schemakit: deserializeSync(topic, bytes) once the writer id is known",
  target: "deserialize",
  setup: async (context) => {
    const deserializer = await primedDeserializer(context);
    const { framed, topic } = context;
    await checkDecoder(context, "f1-schemakit-deserializeSync", (i) =>
      undated(deserializer.deserializeSync(topic, framed[i]!)),
    );
    return { kind: "sync", run: (i) => (deserializer.deserializeSync(topic, framed[i]!) === undefined ? 0 : 1) };
  },
};

const deserializeAwaited: BenchCase = {
  name: "f2-schemakit-deserialize",
  group: "decode",
  label: "schemakit: await deserialize(topic, bytes), one at a time",
  target: "deserialize",
  setup: async (context) => {
    const deserializer = await primedDeserializer(context);
    const { framed, topic } = context;
    await checkDecoder(context, "f2-schemakit-deserialize", async (i) =>
      undated(await deserializer.deserialize(topic, framed[i]!)),
    );
    return {
      kind: "async",
      run: async (i) => ((await deserializer.deserialize(topic, framed[i]!)) === undefined ? 0 : 1),
    };
  },
};

// The same paths with the class `schemakit generate` makes from user-event.avsc (the checked-in golden):
// records are its instances, decoding builds instances at every depth.
const generatedSerializeSync: BenchCase = {
  name: "e3-schemakit-generated-serializeSync",
  group: "encode",
  label: "schemakit, generated UserEvent class: serializeSync(topic, instance)",
  target: "serialize",
  setup: async (context) => {
    const serializer = createSerializer(GeneratedUserEvent, {
      registry: new SchemaRegistry({ url: context.registryUrl }),
    });
    await serializer.prepare(context.topic);
    const records = dated(context.records).map((record) => new GeneratedUserEvent(record));
    await checkEncoder(context, "e3-schemakit-generated-serializeSync", (i) =>
      serializer.serializeSync(context.topic, records[i]!),
    );
    return { kind: "sync", run: (i) => serializer.serializeSync(context.topic, records[i]!).length };
  },
};

const generatedDeserializeSync: BenchCase = {
  name: "f3-schemakit-generated-deserializeSync",
  group: "decode",
  label: "schemakit, generated UserEvent class: deserializeSync(topic, bytes) into instances",
  target: "deserialize",
  setup: async (context) => {
    const deserializer = createDeserializer(GeneratedUserEvent, {
      registry: new SchemaRegistry({ url: context.registryUrl }),
    });
    const { framed, topic } = context;
    await deserializer.deserialize(topic, framed[0]!);
    await checkDecoder(context, "f3-schemakit-generated-deserializeSync", (i) => {
      const value = deserializer.deserializeSync(topic, framed[i]!);
      if (!(value instanceof GeneratedUserEvent)) throw new Error("f3: not a UserEvent instance");
      return { ...value, ts: value.ts.getTime() };
    });
    return { kind: "sync", run: (i) => (deserializer.deserializeSync(topic, framed[i]!) === undefined ? 0 : 1) };
  },
};

export const SCHEMAKIT_ENCODE_CASES: readonly BenchCase[] = [serializeSync, serializeAwaited, generatedSerializeSync];
export const SCHEMAKIT_DECODE_CASES: readonly BenchCase[] = [
  deserializeSync,
  deserializeAwaited,
  generatedDeserializeSync,
];
