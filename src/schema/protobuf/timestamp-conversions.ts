// google.protobuf.Timestamp ↔ Date and ↔ nanoseconds since the epoch. A Date holds milliseconds, so
// toDate drops the nanoseconds below them (rounding toward the past, as the seconds/nanos pair does);
// the epoch-nanosecond bigint keeps every one. Out-of-range values are RangeErrors, as Protobuf's own
// libraries refuse them: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, nanos in [0, 1e9).

/** The fields of a google.protobuf.Timestamp. */
export interface TimestampFields {
  readonly seconds: bigint;
  readonly nanos: number;
}

const MIN_SECONDS = -62_135_596_800n;
const MAX_SECONDS = 253_402_300_799n;
const NANOS_PER_SECOND = 1_000_000_000n;

function checked(seconds: bigint, nanos: number): TimestampFields {
  if (!Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) {
    throw new RangeError(`Timestamp nanos must be an integer in [0, 999999999], got ${nanos}`);
  }
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
    throw new RangeError(`Timestamp seconds ${seconds} is outside 0001-01-01 .. 9999-12-31`);
  }
  return { seconds, nanos };
}

/** The Timestamp of a Date (millisecond precision). */
export function timestampFromDate(date: Date): TimestampFields {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError("Timestamp from an invalid Date");
  const seconds = Math.floor(ms / 1000);
  return checked(BigInt(seconds), (ms - seconds * 1000) * 1_000_000);
}

/** The Date of a Timestamp: nanoseconds below the millisecond are dropped (toEpochNanos keeps them). */
export function timestampToDate(timestamp: TimestampFields): Date {
  const { seconds, nanos } = checked(timestamp.seconds, timestamp.nanos);
  return new Date(Number(seconds) * 1000 + Math.floor(nanos / 1_000_000));
}

/** The Timestamp of a count of nanoseconds since 1970-01-01T00:00:00Z (negative before it). */
export function timestampFromEpochNanos(nanos: bigint): TimestampFields {
  let seconds = nanos / NANOS_PER_SECOND;
  let rest = nanos % NANOS_PER_SECOND;
  if (rest < 0n) {
    seconds -= 1n;
    rest += NANOS_PER_SECOND;
  }
  return checked(seconds, Number(rest));
}

/** Nanoseconds since 1970-01-01T00:00:00Z, exactly. */
export function timestampToEpochNanos(timestamp: TimestampFields): bigint {
  const { seconds, nanos } = checked(timestamp.seconds, timestamp.nanos);
  return seconds * NANOS_PER_SECOND + BigInt(nanos);
}
