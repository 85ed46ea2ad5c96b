import { InvalidRecordError } from "../errors/index.js";

/** Record headers as `send` takes them: names to UTF-8 text or raw bytes. */
export type RecordHeaders = Readonly<Record<string, string | Buffer>>;

/**
 * The headers of one send, checked before anything of the send reaches a batch: a value of another type
 * would otherwise fail the whole batch at encoding time, and its size would be unknown to buffer memory.
 */
export function checkHeaders(topic: string, subject: string | undefined, headers: unknown): RecordHeaders | undefined {
  if (headers === undefined) return undefined;
  if (typeof headers !== "object" || headers === null || Array.isArray(headers) || Buffer.isBuffer(headers))
    throw new InvalidRecordError(
      topic,
      subject,
      "headers",
      `expected an object of names to strings or Buffers, got ${describe(headers)}`,
    );
  for (const name of Object.keys(headers)) {
    const value = (headers as Record<string, unknown>)[name];
    if (typeof value !== "string" && !(value instanceof Uint8Array))
      throw new InvalidRecordError(
        topic,
        subject,
        `headers[${JSON.stringify(name)}]`,
        `expected a string or a Buffer, got ${describe(value)}`,
      );
  }
  return headers as RecordHeaders;
}

/**
 * A send's headers with a trace context added, never replacing the caller's: headers that carry either
 * `traceparent` or `tracestate` already are kept as they are (a pair from two contexts would be wrong).
 * Headers of the wrong type are passed on unchanged, for checkHeaders to reject.
 */
export function withTraceHeaders(
  headers: unknown,
  trace: { readonly traceparent: string; readonly tracestate?: string },
): unknown {
  if (headers === undefined) return { ...trace };
  if (typeof headers !== "object" || headers === null || Array.isArray(headers) || Buffer.isBuffer(headers))
    return headers;
  if (Object.hasOwn(headers, "traceparent") || Object.hasOwn(headers, "tracestate")) return headers;
  return { ...headers, ...trace };
}

/** Kafka stores timestamps as int64 milliseconds; JavaScript holds them exactly up to 2^53 − 1. */
const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;

/**
 * The create time of one send in epoch milliseconds: `now` when none is given. As Java's producer, a
 * negative time is refused; so are times that are not whole milliseconds, invalid Dates and NaN, which
 * would otherwise be stored as another number than the one given.
 */
export function checkTimestamp(topic: string, subject: string | undefined, timestamp: unknown, now: number): number {
  if (timestamp === undefined) return now;
  const millis = timestamp instanceof Date ? timestamp.getTime() : timestamp;
  if (typeof millis !== "number" || !Number.isInteger(millis) || millis < 0 || millis > MAX_TIMESTAMP) {
    const shown = timestamp instanceof Date ? `Date(${String(millis)})` : describe(timestamp);
    throw new InvalidRecordError(
      topic,
      subject,
      "timestamp",
      `expected whole epoch milliseconds in 0..2^53-1 (a number or a Date), got ${shown}`,
    );
  }
  return millis;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number") return String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? (value.constructor?.name ?? "an object") : typeof value;
}
