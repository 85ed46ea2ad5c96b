import { readFileSync } from "node:fs";
import { defineAvroRecord } from "../../../../src/runtime/v1/index.js";

// The 12-field record of the benchmarks (schemas/examples/user-event.avsc), as the Avro serde tests use it.

export const USER_EVENT_SCHEMA = JSON.parse(
  readFileSync(new URL("../../../../schemas/examples/user-event.avsc", import.meta.url), "utf8"),
) as object;

export interface UserEvent {
  userId: string;
  ts: Date;
  eventType: "VIEW" | "CLICK" | "PURCHASE" | "SIGNUP" | "LOGOUT";
  sessionId: string | null;
  amount: number;
  flag: boolean;
  tags: string[];
  counters: Record<string, number>;
  geo: { lat: number; lon: number };
  lastGeo: { lat: number; lon: number } | null;
  count: number;
  payload: Buffer;
}

export const UserEvent = defineAvroRecord<UserEvent>({ schema: USER_EVENT_SCHEMA });

export function userEvent(overrides: Partial<UserEvent> = {}): UserEvent {
  return {
    userId: "u-1",
    ts: new Date("2026-01-01T00:00:00.858Z"),
    eventType: "CLICK",
    sessionId: null,
    amount: 12.5,
    flag: true,
    tags: ["a", "ü"],
    counters: { views: 3, big: 2 ** 40 },
    geo: { lat: 52.5, lon: 13.4 },
    lastGeo: { lat: 1, lon: 2 },
    count: 7,
    payload: Buffer.from("0102", "hex"),
    ...overrides,
  };
}

let unique = 0;

/**
 * A record schema under a name no other test used: compiled Types and resolvers are cached per process,
 * so tests that count their creation need schemas of their own.
 */
export function uniqueRecord(
  base: string,
  fields: readonly object[],
): { type: "record"; name: string; namespace: string; fields: readonly object[] } {
  unique += 1;
  return { type: "record", name: `${base}${unique}`, namespace: "com.example.test", fields };
}
