import avsc from "avsc";
import { UserEvent } from "../../unit/codegen/golden/user-event/com/example/user-event.avro.js";
import { USER_EVENT_SCHEMA, type UserEventValue } from "../fixtures.js";
import type { BenchShape } from "./shape.js";

// Records are built per send from their index, as an application builds them, so a 1,000,000-record run
// holds no million records in memory; the 900-byte payloads are shared (256 of them), no client caches
// anything per record object. test/bench/peers/confluent_kafka_producer.py builds the very same values.

const BASE_TS = 1_767_225_600_000;

function payloads(bytes: number): readonly Buffer[] {
  return Array.from({ length: 256 }, (_, fill) => Buffer.alloc(bytes, fill));
}

/** Record `i` of the benchmark, as avsc and the JS peers take it (ts as epoch milliseconds). */
export type PlainEventMaker = (i: number) => UserEventValue;

export function plainEvents(shape: BenchShape): PlainEventMaker {
  const shared = payloads(shape.payloadBytes);
  return (i) => ({
    userId: `user-${i % shape.keys}`,
    ts: BASE_TS + i,
    eventType: "CLICK",
    sessionId: `session-${i % 97}`,
    amount: i / 4,
    flag: i % 2 === 0,
    tags: ["bench", "kafka"],
    counters: { views: i % 13, clicks: i % 7 },
    geo: { lat: 48.1, lon: 11.6 },
    lastGeo: null,
    count: i,
    payload: shared[i & 0xff] as Buffer,
  });
}

/** Record `i` as schemakit's generated class (ts as a Date). */
export function typedEvents(shape: BenchShape): (i: number) => UserEvent {
  const plain = plainEvents(shape);
  return (i) => {
    const event = plain(i);
    return new UserEvent({
      ...(event as unknown as ConstructorParameters<typeof UserEvent>[0]),
      ts: new Date(event.ts),
    });
  };
}

/** Bytes of a framed value (magic byte, 4-byte schema id, Avro body), averaged over one key cycle. */
export function valueBytes(shape: BenchShape): number {
  const type = avsc.Type.forSchema(USER_EVENT_SCHEMA as avsc.Schema);
  const plain = plainEvents(shape);
  let total = 0;
  for (let i = 0; i < shape.keys; i += 1) total += 5 + type.toBuffer(plain(i)).length;
  return Math.round(total / shape.keys);
}
