import { fileURLToPath } from "node:url";
import { create, toBinary } from "@bufbuild/protobuf";
import { SchemaRegistry } from "../../../src/registry/index.js";
import { createSerializer } from "../../../src/serde/index.js";
import { compiledMessage } from "../../../src/serde/protobuf/index.js";
import { encodeHeader } from "../../../src/serde/wire-format.js";
import type { BenchContext } from "../bench-context.js";
import { EVENT_TYPES, type UserEventValue } from "../fixtures.js";
import { UserEvent, type UserEventInit } from "./generated/com/example/bench/user_event.proto.js";

// The Protobuf cases' records: the Avro bench's seeded UserEvents, field for field, as user_event.proto's
// UserEvent. Reference bytes come from @bufbuild/protobuf's toBinary (it passes the conformance suite).

/** The fixture .proto, which kafkajs-csr and protobufjs parse themselves. */
export const USER_EVENT_PROTO = fileURLToPath(
  new URL("../../fixtures/proto/bench/com/example/bench/user_event.proto", import.meta.url),
);

/** The generated class's descriptor compiled by @bufbuild/protobuf: what its peers' cases encode with. */
export const USER_EVENT_DESC = compiledMessage(UserEvent.schema);

/** A record as the generated class's init: int64 as bigint, null fields left out (explicit presence). */
export function protobufInit(record: UserEventValue): UserEventInit {
  return {
    userId: record.userId,
    ts: BigInt(record.ts),
    eventType: EVENT_TYPES.indexOf(record.eventType) + 1,
    ...(record.sessionId === null ? {} : { sessionId: record.sessionId }),
    amount: record.amount,
    flag: record.flag,
    tags: record.tags,
    counters: Object.fromEntries(Object.entries(record.counters).map(([key, value]) => [key, BigInt(value)])),
    geo: record.geo,
    ...(record.lastGeo === null ? {} : { lastGeo: record.lastGeo }),
    count: record.count,
    payload: record.payload,
  };
}

/**
 * A record as protobufjs takes it: int64 as number, and fields at their proto3 default left out, since
 * protobufjs writes every field that is set, defaults included, where conformant encoders write none.
 */
export function protobufjsObject(record: UserEventValue): Record<string, unknown> {
  const init = protobufInit(record);
  const object: Record<string, unknown> = {
    ...init,
    ts: record.ts,
    counters: record.counters,
  };
  for (const [key, value] of Object.entries(object)) {
    const empty = Array.isArray(value) ? value.length === 0 : value instanceof Uint8Array && value.length === 0;
    if (value === 0 || value === false || value === "" || empty) delete object[key];
  }
  return object;
}

/** The Protobuf topic of a bench run: its own, as the Avro topic's subject holds the Avro schema. */
export function protobufTopic(context: BenchContext): string {
  return `${context.topic}-protobuf`;
}

export interface ProtobufFixture {
  readonly inits: readonly UserEventInit[];
  /** @bufbuild/protobuf's toBinary of each record. */
  readonly bodies: readonly Buffer[];
  /** 0x00, the id schemakit registered under the Protobuf topic, message indexes [0] (0x00), body. */
  readonly framed: readonly Buffer[];
  readonly schemaId: number;
  /** The same body framed under another id, without message indexes (kafkajs-csr writes none). */
  readonly framedWithoutIndexes: (schemaId: number) => Buffer[];
}

/** Registers user_event.proto under the Protobuf topic (schemakit's canonical text) and builds the frames. */
export async function protobufFixture(context: BenchContext): Promise<ProtobufFixture> {
  const serializer = createSerializer(UserEvent, { registry: new SchemaRegistry({ url: context.registryUrl }) });
  const { schemaId } = await serializer.prepare(protobufTopic(context));
  const inits = context.records.map(protobufInit);
  const bodies = inits.map((init) => Buffer.from(toBinary(USER_EVENT_DESC, create(USER_EVENT_DESC, init as never))));
  const header = encodeHeader(schemaId, [0]);
  const framed = bodies.map((body) => Buffer.concat([header, body]));
  const framedWithoutIndexes = (id: number): Buffer[] => {
    const plain = encodeHeader(id);
    return bodies.map((body) => Buffer.concat([plain, body]));
  };
  return { inits, bodies, framed, schemaId, framedWithoutIndexes };
}
