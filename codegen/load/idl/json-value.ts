/**
 * JSON values as Avro's Java implementation sees them: numbers keep whether they were written as an int, a
 * long or a floating-point literal (Java tells `1` from `1.0` when it checks a default), and objects are
 * Maps, so that a key such as `__proto__` is plain data.
 */
export type JsonValue = null | boolean | string | JsonNumber | readonly JsonValue[] | JsonObject;
export type JsonObject = ReadonlyMap<string, JsonValue>;

/** `int` and `long` are integers in Java's int and long ranges; `double` is anything written with a fraction. */
export type JsonNumberKind = "int" | "long" | "big" | "double";

export class JsonNumber {
  constructor(
    readonly kind: JsonNumberKind,
    /** The value as a JavaScript number (rounded beyond 2^53, as JSON.parse rounds). */
    readonly value: number,
    /** The exact value of an integer literal. */
    readonly integer?: bigint,
  ) {}

  static ofInteger(value: bigint, forceLong = false): JsonNumber {
    const kind = !forceLong && fits(value, 32) ? "int" : fits(value, 64) ? "long" : "big";
    return new JsonNumber(kind, Number(value), value);
  }

  static ofDouble(value: number): JsonNumber {
    return new JsonNumber("double", value);
  }

  get integral(): boolean {
    return this.kind !== "double";
  }
}

function fits(value: bigint, bits: number): boolean {
  const limit = 1n << BigInt(bits - 1);
  return value >= -limit && value < limit;
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value instanceof Map;
}

export function isJsonArray(value: JsonValue | undefined): value is readonly JsonValue[] {
  return Array.isArray(value);
}

/** Java's JsonNode.equals: same kinds, same values (an int 1 is not a long 1). */
export function jsonEquals(a: JsonValue, b: JsonValue): boolean {
  if (a instanceof JsonNumber || b instanceof JsonNumber) {
    if (!(a instanceof JsonNumber && b instanceof JsonNumber) || a.kind !== b.kind) return false;
    return a.integer !== undefined ? a.integer === b.integer : Object.is(a.value, b.value) || a.value === b.value;
  }
  if (isJsonArray(a) || isJsonArray(b)) {
    if (!(isJsonArray(a) && isJsonArray(b)) || a.length !== b.length) return false;
    return a.every((item, index) => jsonEquals(item, b[index] as JsonValue));
  }
  if (isJsonObject(a) || isJsonObject(b)) {
    if (!(isJsonObject(a) && isJsonObject(b)) || a.size !== b.size) return false;
    for (const [key, value] of a) {
      const other = b.get(key);
      if (other === undefined || !jsonEquals(value, other)) return false;
    }
    return true;
  }
  return a === b;
}

/**
 * The value as JSON.parse would return it from Java's output: numbers as numbers, except NaN and the
 * infinities, which Java's JSON writer quotes.
 */
export function toPlainJson(value: JsonValue): unknown {
  if (value instanceof JsonNumber) return Number.isFinite(value.value) ? value.value : String(value.value);
  if (isJsonArray(value)) return value.map(toPlainJson);
  if (isJsonObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of value) setOwn(out, key, toPlainJson(item));
    return out;
  }
  return value;
}

/** Defines an own enumerable property, even one called `__proto__`. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Short text of a value for error messages. */
export function describeJson(value: JsonValue): string {
  const text = JSON.stringify(toPlainJson(value)) ?? "null";
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
