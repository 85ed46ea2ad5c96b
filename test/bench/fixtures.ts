import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { seededRandom } from "../support/seeded-random.js";

// The benchmark's (and the interop tests') UserEvent records: seeded, so every process that asks for
// the same count and seed gets the same records, byte for byte, whatever ran before it.

const SCHEMA_FILE = fileURLToPath(new URL("../../schemas/examples/user-event.avsc", import.meta.url));

/** schemas/examples/user-event.avsc, parsed: the realistic 12-field record of the issue. */
export const USER_EVENT_SCHEMA: Readonly<Record<string, unknown>> = JSON.parse(readFileSync(SCHEMA_FILE, "utf8"));

/**
 * The schema text every client registers: compact JSON of the file. Apicurio gives whitespace variants
 * of one schema different ids (docs/services.md), so peers and ours must send the very same text.
 */
export const USER_EVENT_SCHEMA_TEXT: string = JSON.stringify(USER_EVENT_SCHEMA);

export const EVENT_TYPES = ["VIEW", "CLICK", "PURCHASE", "SIGNUP", "LOGOUT"] as const;

export interface Geo {
  readonly lat: number;
  readonly lon: number;
}

/** A UserEvent as avsc, the peers and schemakit take it (ts: epoch milliseconds, as no peer maps it). */
export interface UserEventValue {
  readonly userId: string;
  readonly ts: number;
  readonly eventType: (typeof EVENT_TYPES)[number];
  readonly sessionId: string | null;
  readonly amount: number;
  readonly flag: boolean;
  readonly tags: readonly string[];
  readonly counters: Readonly<Record<string, number>>;
  readonly geo: Geo;
  readonly lastGeo: Geo | null;
  readonly count: number;
  readonly payload: Buffer;
}

export const DEFAULT_SEED = 0x5eed_2026;

const TAGS = ["mobile", "web", "beta", "promo", "returning", "eu", "us", "apac", "café", "日本", "🚀", "a/b"];
// Map keys that are not integer-like: JavaScript iterates integer-like keys first, in numeric order, so
// such keys would be encoded in a different order than Python or Java encode the same map.
const COUNTER_KEYS = ["views", "clicks", "carts", "scrolls", "errors", "retries", "k-1", "k-2"];
const BASE_TS = Date.UTC(2025, 0, 1);

/** `count` UserEvent records drawn from `seed`: strings of 4–40 chars, 0–5 tags, 0–4 counters, 8–64 B payloads. */
export function makeUserEvents(count: number, seed: number = DEFAULT_SEED): UserEventValue[] {
  const random = seededRandom(seed);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const geo = (): Geo => ({ lat: random() * 180 - 90, lon: random() * 360 - 180 });
  const records: UserEventValue[] = [];
  for (let i = 0; i < count; i += 1) {
    const payload = Buffer.allocUnsafe(int(8, 64));
    for (let b = 0; b < payload.length; b += 1) payload[b] = int(0, 255);
    const counters: Record<string, number> = {};
    for (let c = int(0, 4); c > 0; c -= 1) counters[pick(COUNTER_KEYS)] = int(0, 2 ** 40);
    records.push({
      userId: `user-${int(1, 10 ** int(1, 12))}`.padEnd(int(4, 40), "x"),
      ts: BASE_TS + int(0, 365 * 86_400_000),
      eventType: pick(EVENT_TYPES),
      sessionId: random() < 0.5 ? null : `s-${int(0, 2 ** 31).toString(36)}-${int(0, 2 ** 31).toString(36)}`,
      amount: Math.round(random() * 1_000_000) / 100,
      flag: random() < 0.5,
      tags: Array.from({ length: int(0, 5) }, () => pick(TAGS)),
      counters,
      geo: geo(),
      lastGeo: random() < 0.3 ? null : geo(),
      count: int(-1_000, 1_000_000),
      payload,
    });
  }
  return records;
}
