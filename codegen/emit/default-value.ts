import { decimalText, readTwosComplement, uuidText } from "../../src/schema/index.js";
import type { TypeModel } from "../model/avro-model.js";
import { namedOf } from "./named-of.js";
import { objectKey } from "./ts-names.js";
import type { ExpressionContext } from "./type-expressions.js";

/**
 * The TypeScript expression of a schema default (JSON, as the Avro specification encodes it) for a field
 * of `type`: a fresh value each time it is evaluated (arrays, maps, Buffers and records are never shared
 * between instances). Answers undefined when the JSON does not fit the type; the caller reports it.
 */
export function defaultExpression(value: unknown, type: TypeModel, context: ExpressionContext): string | undefined {
  switch (type.kind) {
    case "primitive":
      return primitiveDefault(value, type, context);
    case "array": {
      if (!Array.isArray(value)) return undefined;
      const items = value.map((item) => defaultExpression(item, type.items, context));
      return items.includes(undefined) ? undefined : `[${items.join(", ")}]`;
    }
    case "map": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
      const entries = Object.entries(value).map(([key, item]) => {
        const expression = defaultExpression(item, type.values, context);
        return expression === undefined ? undefined : `${objectKey(key, { quoted: true })}: ${expression}`;
      });
      if (entries.includes(undefined)) return undefined;
      return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
    }
    case "union": {
      // Avro: a union's default belongs to its first branch (avsc checks the same when the schema loads).
      const [first] = type.branches;
      return first === undefined ? undefined : defaultExpression(value, first, context);
    }
    case "named": {
      const named = namedOf(context.model, type.fullName);
      switch (named.kind) {
        case "enum":
          return typeof value === "string" && named.symbols.includes(value) ? JSON.stringify(value) : undefined;
        case "fixed": {
          if (typeof value !== "string" || !isByteString(value)) return undefined;
          if (named.logical?.name === "decimal")
            return JSON.stringify(decimalText(readTwosComplement(latin1(value)), named.logical.scale ?? 0));
          if (named.logical?.name === "uuid") return JSON.stringify(uuidText(latin1(value)));
          return `Buffer.from(${JSON.stringify(value)}, "latin1")`;
        }
        case "record": {
          if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
          const given = value as Record<string, unknown>;
          const fields: string[] = [];
          for (const field of named.fields) {
            if (!Object.hasOwn(given, field.name)) {
              if (field.default === undefined) return undefined;
              continue;
            }
            const expression = defaultExpression(given[field.name], field.type, context);
            if (expression === undefined) return undefined;
            fields.push(`${objectKey(field.name)}: ${expression}`);
          }
          return `new ${context.file.use(context.layout.value(named.fullName))}({ ${fields.join(", ")} })`;
        }
      }
    }
  }
}

function primitiveDefault(
  value: unknown,
  type: Extract<TypeModel, { kind: "primitive" }>,
  context: ExpressionContext,
): string | undefined {
  const logical = type.logical?.name;
  switch (type.name) {
    case "null":
      return value === null ? "null" : undefined;
    case "boolean":
      return typeof value === "boolean" ? String(value) : undefined;
    case "int":
      return typeof value === "number" && Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31
        ? String(value)
        : undefined;
    case "long": {
      if (typeof value !== "number" || !Number.isSafeInteger(value)) return undefined;
      if (logical === "timestamp-millis") return `new Date(${value})`;
      return context.longs === "bigint" ? `${value}n` : String(value);
    }
    case "float":
    case "double":
      return typeof value === "number" ? String(value) : undefined;
    case "string":
      return typeof value === "string" ? JSON.stringify(value) : undefined;
    case "bytes":
      if (typeof value !== "string" || !isByteString(value)) return undefined;
      if (logical === "decimal")
        return JSON.stringify(decimalText(readTwosComplement(latin1(value)), type.logical?.scale ?? 0));
      return `Buffer.from(${JSON.stringify(value)}, "latin1")`;
  }
}

// Avro encodes bytes and fixed defaults as strings of code points 0–255, one per byte.
function isByteString(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) if (value.charCodeAt(i) > 0xff) return false;
  return true;
}

// Avro JSON gives bytes and fixed defaults as strings of code points 0–255, one per byte.
function latin1(bytes: string): Buffer {
  return Buffer.from(bytes, "latin1");
}
