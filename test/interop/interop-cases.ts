import { makeUserEvents, USER_EVENT_SCHEMA_TEXT, type UserEventValue } from "../bench/fixtures.js";

// The schemas and records the interop tests push through every implementation. Values are what avsc
// takes (Buffer for bytes and fixed, epoch-millisecond numbers for timestamp-millis, untagged unions);
// test/support/python-interop.ts maps them to and from the Python CLI's JSON.
//
// Chosen to hit the encodings where implementations are known to differ: zig-zag varints at the int
// and safe-long limits, float vs double, empty and long strings (avsc writes strings of 64 chars or less
// with its own loop and longer ones with Buffer.write), 1- to 4-byte UTF-8 including NUL, bytes with all
// 256 values, empty arrays and maps (a single 0 count), nested arrays and maps, both branches of every
// nullable union, enums, fixed, and records inside unions, arrays and maps.

export interface InteropCase {
  readonly name: string;
  /** Compact JSON: the exact text every client registers, so that all of them get the same id. */
  readonly schemaText: string;
  readonly records: readonly unknown[];
}

const ITEM = {
  type: "record",
  name: "Item",
  fields: [
    { name: "name", type: "string" },
    { name: "qty", type: "int" },
  ],
};

const EDGE_SCHEMA = {
  type: "record",
  name: "EdgeValues",
  namespace: "com.example.interop",
  fields: [
    { name: "s", type: "string" },
    { name: "ns", type: ["null", "string"], default: null },
    { name: "i", type: "int" },
    { name: "l", type: "long" },
    { name: "nl", type: ["null", "long"], default: null },
    { name: "f", type: "float" },
    { name: "d", type: "double" },
    { name: "b", type: "boolean" },
    { name: "by", type: "bytes" },
    { name: "nby", type: ["null", "bytes"], default: null },
    { name: "fx", type: { type: "fixed", name: "Quad", size: 4 } },
    { name: "e", type: { type: "enum", name: "Color", symbols: ["RED", "GREEN", "BLUE"] } },
    { name: "longs", type: { type: "array", items: "long" } },
    { name: "items", type: { type: "array", items: ITEM } },
    { name: "labels", type: { type: "map", values: "string" } },
    { name: "groups", type: { type: "map", values: { type: "array", items: "int" } } },
    { name: "nitem", type: ["null", "Item"], default: null },
    { name: "grid", type: { type: "array", items: { type: "array", items: "string" } } },
  ],
};

interface EdgeValue {
  readonly s: string;
  readonly ns: string | null;
  readonly i: number;
  readonly l: number;
  readonly nl: number | null;
  readonly f: number;
  readonly d: number;
  readonly b: boolean;
  readonly by: Buffer;
  readonly nby: Buffer | null;
  readonly fx: Buffer;
  readonly e: "RED" | "GREEN" | "BLUE";
  readonly longs: readonly number[];
  readonly items: readonly { readonly name: string; readonly qty: number }[];
  readonly labels: Readonly<Record<string, string>>;
  readonly groups: Readonly<Record<string, readonly number[]>>;
  readonly nitem: { readonly name: string; readonly qty: number } | null;
  readonly grid: readonly (readonly string[])[];
}

const EMPTY: EdgeValue = {
  s: "",
  ns: null,
  i: 0,
  l: 0,
  nl: null,
  f: 0,
  d: 0,
  b: false,
  by: Buffer.alloc(0),
  nby: null,
  fx: Buffer.from([0, 0, 0, 0]),
  e: "RED",
  longs: [],
  items: [],
  labels: {},
  groups: {},
  nitem: null,
  grid: [],
};

// The largest long avsc accepts as a JavaScript number: its isSafeLong() stops at 2^53 - 2, one short of
// Number.MAX_SAFE_INTEGER ("potential precision loss" beyond). Positive longs up to it are written right.
const MAX_LONG = 9_007_199_254_740_990;
// The most negative long avsc 5.7.9 writes right. Below -2^52 its zig-zag step (-2n - 1, in doubles) is an
// odd number above 2^53 that rounds: -(2^52 + 1) is written as +2^52 and -(2^53 - 2) as +(2^53 - 2), a
// silent sign flip. Measured here against Python; see NEGATIVE_LONGS below.
const MIN_AVSC_LONG = -(2 ** 52);

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const UNICODE = [
  "héllo wörld",
  "日本語テキスト",
  "🚀🎉 emoji",
  "NUL \u0000 inside",
  'quote " and \\ backslash',
  "שלום עולם",
  "e\u0301 combining",
];

// float values are exact in 32 bits (float max, smallest subnormal, 2^24), so every reader gives back
// the same number; doubles include the extremes and 0.1, which is inexact but identical in 64 bits.
const EDGE_RECORDS: readonly EdgeValue[] = [
  EMPTY,
  {
    ...EMPTY,
    s: "x".repeat(65),
    ns: "",
    i: 2_147_483_647,
    l: MAX_LONG,
    nl: MIN_AVSC_LONG,
    f: 3.4028234663852886e38,
    d: 1.7976931348623157e308,
    b: true,
    by: ALL_BYTES,
    nby: Buffer.alloc(0),
    fx: Buffer.from([0xff, 0x00, 0x7f, 0x80]),
    e: "BLUE",
    longs: [0, 1, -1, 63, 64, -64, -65, 2 ** 31, -(2 ** 31) - 1, 2 ** 52, MAX_LONG, MIN_AVSC_LONG],
    items: [{ name: "", qty: -2_147_483_648 }],
    labels: { "": "", ключ: "значение" },
    groups: { empty: [], one: [1], many: [-1, 0, 1, 2_147_483_647, -2_147_483_648] },
    nitem: { name: "only", qty: 0 },
    grid: [[], [""], ["a", "b"]],
  },
  {
    ...EMPTY,
    s: UNICODE.join(" | "),
    ns: "🚀",
    i: -2_147_483_648,
    l: -1,
    nl: 0,
    f: 1.401298464324817e-45,
    d: 5e-324,
    by: Buffer.from("ff00fe01", "hex"),
    nby: ALL_BYTES,
    fx: Buffer.from("deadbeef", "hex"),
    e: "GREEN",
    longs: [-1],
    items: UNICODE.map((name, qty) => ({ name, qty })),
    labels: Object.fromEntries(UNICODE.map((text, i) => [`k${i}-${text}`, text])),
    groups: { 日本: [7] },
    nitem: { name: "😀", qty: 1 },
    grid: [UNICODE],
  },
  {
    ...EMPTY,
    s: "long ".repeat(400),
    i: 1,
    l: MAX_LONG - 1,
    nl: -(2 ** 40),
    f: 16_777_216,
    d: 0.1,
    by: Buffer.alloc(4096, 0xab),
    longs: Array.from({ length: 200 }, (_, i) => i * 1_000_003 - 100_000_000),
    items: Array.from({ length: 50 }, (_, i) => ({ name: `item-${i}`, qty: i })),
    labels: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`key-${i}`, "v".repeat(i)])),
  },
  { ...EMPTY, f: -1.25, d: -0.5, l: 1, nl: 1, s: "a", ns: "b" },
];

// UserEvents at the edges the seeded ones do not reach: empty tags, counters and payload; ts at the
// epoch, before it, and at the last millisecond Python's datetime can hold (9999-12-31T23:59:59.999Z).
const USER_EVENT_EDGES: readonly UserEventValue[] = [
  {
    userId: "",
    ts: 0,
    eventType: "VIEW",
    sessionId: null,
    amount: 0,
    flag: false,
    tags: [],
    counters: {},
    geo: { lat: 0, lon: 0 },
    lastGeo: null,
    count: 0,
    payload: Buffer.alloc(0),
  },
  {
    userId: "ユーザー🚀",
    ts: -86_400_000,
    eventType: "LOGOUT",
    sessionId: "",
    amount: -1e-300,
    flag: true,
    tags: ["", "日本", "🚀"],
    counters: { "": 0, max: MAX_LONG, min: MIN_AVSC_LONG },
    geo: { lat: -90, lon: 180 },
    lastGeo: { lat: 90, lon: -180 },
    count: 2_147_483_647,
    payload: ALL_BYTES,
  },
  {
    userId: "u".repeat(300),
    ts: 253_402_300_799_999,
    eventType: "PURCHASE",
    sessionId: "s",
    amount: 1.7976931348623157e308,
    flag: false,
    tags: Array.from({ length: 100 }, (_, i) => `t${i}`),
    counters: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`c${i}`, i * 2 ** 30])),
    geo: { lat: 1e-10, lon: -1e-10 },
    lastGeo: null,
    count: -2_147_483_648,
    payload: Buffer.alloc(10_000, 7),
  },
];

/** Seeded UserEvents per run: enough to vary every field, few enough for one Python process per direction. */
export const SEEDED_USER_EVENTS = 500;

/** The UserEvent case with `seeded` seeded records after the hand-picked edges. */
export function userEventCase(seeded: number): InteropCase {
  const records = [...USER_EVENT_EDGES, ...makeUserEvents(seeded)];
  return { name: "user-event", schemaText: USER_EVENT_SCHEMA_TEXT, records };
}

export const INTEROP_CASES: readonly InteropCase[] = [
  userEventCase(SEEDED_USER_EVENTS),
  { name: "edge-values", schemaText: JSON.stringify(EDGE_SCHEMA), records: EDGE_RECORDS },
];

const LONGS_SCHEMA_TEXT = JSON.stringify({
  type: "record",
  name: "Longs",
  namespace: "com.example.interop",
  fields: [
    { name: "l", type: "long" },
    { name: "ls", type: { type: "array", items: "long" } },
  ],
});

const NEGATIVE_LONG_RECORDS = [
  { l: -(2 ** 52) - 1, ls: [] },
  { l: -(2 ** 52) - 2, ls: [-(2 ** 52) - 3, -(2 ** 53) + 2] },
  { l: -MAX_LONG, ls: [-(3 * 2 ** 51), -(2 ** 52) - 12_345] },
];

/**
 * Longs from -(2^53 - 2) to -(2^52 + 1): safe integers that avsc 5.7.9, and so every client built on its
 * LongType (kafkajs-csr included), encodes to other values; schemakit must write them as Python does.
 */
export const NEGATIVE_LONGS: InteropCase = {
  name: "negative-longs",
  schemaText: LONGS_SCHEMA_TEXT,
  records: NEGATIVE_LONG_RECORDS,
};

/**
 * The whole safe-integer range, ±(2^53 - 1) included, which avsc refuses: schemakit promises exact longs
 * over all of it (issue 3, item 4), so it is checked against Python for schemakit only.
 */
const SAFE_LONG_RECORDS = [
  ...NEGATIVE_LONG_RECORDS,
  { l: Number.MAX_SAFE_INTEGER, ls: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 0, 2 ** 52, -(2 ** 52)] },
];

export const SAFE_LONGS: InteropCase = {
  name: "safe-longs",
  schemaText: LONGS_SCHEMA_TEXT,
  records: SAFE_LONG_RECORDS,
};
