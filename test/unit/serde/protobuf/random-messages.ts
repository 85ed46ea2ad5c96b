import { join } from "node:path";
import { type DescField, type DescMessage, ScalarType } from "@bufbuild/protobuf";
import { compileProtos } from "../../../../codegen/protobuf/load/compile-protos.js";
import { PROTO_FIXTURES } from "./compiled-fixture.js";

// Random values (from a seeded generator) of every message of every fixture file and the well-known types
// they import: what the compiled encoder and decoder are checked with against @bufbuild/protobuf.

/** Every message of every fixture file and the well-known types they import, map entries left out. */
export async function fixtureMessages(): Promise<DescMessage[]> {
  const sets = await Promise.all([
    compileProtos({ cwd: join(PROTO_FIXTURES, "printer"), includePaths: ["."], files: ["shapes/everything3.proto"] }),
    compileProtos({ cwd: join(PROTO_FIXTURES, "printer"), includePaths: ["."], files: ["shapes/editions.proto"] }),
    compileProtos({
      cwd: PROTO_FIXTURES,
      includePaths: ["main", "shared"],
      files: ["main/com/acme/orders/order.proto"],
    }),
    compileProtos({
      cwd: join(PROTO_FIXTURES, "syntaxes"),
      includePaths: ["."],
      files: ["modern/reading.proto", "legacy/shipment.proto"],
    }),
    compileProtos({
      cwd: join(PROTO_FIXTURES, "bench"),
      includePaths: ["."],
      files: ["com/example/bench/user_event.proto"],
    }),
  ]);
  const byName = new Map<string, DescMessage>();
  for (const set of sets) {
    for (const type of set.registry) if (type.kind === "message") byName.set(type.typeName, type);
  }
  return [...byName.values()].filter((message) => !message.proto.options?.mapEntry);
}

export type Random = () => number;

export const int = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

function randomBigint(random: Random, signed: boolean): bigint {
  const bits = BigInt(int(random, 0, 0xffff_ffff)) | (BigInt(int(random, 0, 0xffff_ffff)) << 32n);
  const shift = BigInt(int(random, 0, 63));
  const value = bits >> shift;
  return signed ? BigInt.asIntN(64, random() < 0.5 ? value : bits) : value;
}

const TEXTS = ["", "a", "café", "日本語", "🚀", "\ud800", "x\udc00y", "a/b"];

function randomString(random: Random): string {
  const pick = random();
  if (pick < 0.3) return TEXTS[int(random, 0, TEXTS.length - 1)] ?? "";
  // Long enough that the length prefix takes two bytes, ASCII or not.
  const length = int(random, 0, pick < 0.6 ? 200 : 60);
  let text = "";
  for (let i = 0; i < length; i += 1) {
    text += random() < 0.8 ? String.fromCharCode(int(random, 0x20, 0x7e)) : (TEXTS[int(random, 2, 5)] ?? "");
  }
  return text;
}

function randomScalar(random: Random, scalar: ScalarType): unknown {
  const edge = random() < 0.2;
  switch (scalar) {
    case ScalarType.STRING:
      return randomString(random);
    case ScalarType.BYTES:
      return Uint8Array.from({ length: int(random, 0, edge ? 300 : 20) }, () => int(random, 0, 255));
    case ScalarType.BOOL:
      return random() < 0.5;
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return edge ? [0, -1, -2_147_483_648, 2_147_483_647][int(random, 0, 3)] : int(random, -5_000_000, 5_000_000);
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return edge ? [0, 127, 128, 4_294_967_295][int(random, 0, 3)] : int(random, 0, 4_294_967_295);
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return edge ? [0n, -1n, -(2n ** 63n), 2n ** 63n - 1n][int(random, 0, 3)] : randomBigint(random, true);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return edge ? [0n, 2n ** 64n - 1n, 2n ** 53n][int(random, 0, 2)] : randomBigint(random, false);
    case ScalarType.DOUBLE:
      return edge ? [0, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e308][int(random, 0, 4)] : (random() - 0.5) * 1e6;
    case ScalarType.FLOAT:
      return edge ? [0, -0, Number.NaN, Number.NEGATIVE_INFINITY][int(random, 0, 3)] : Math.fround(random() * 1e3);
  }
}

function randomEnum(random: Random, field: DescField & { enum: { values: readonly { number: number }[] } }): number {
  const { values } = field.enum;
  if (random() < 0.1) return int(random, 100, 200);
  return values[int(random, 0, values.length - 1)]?.number ?? 0;
}

function randomMapKey(random: Random, scalar: ScalarType): string {
  switch (scalar) {
    case ScalarType.STRING:
      return randomString(random);
    case ScalarType.BOOL:
      return random() < 0.5 ? "true" : "false";
    default:
      return String(randomScalar(random, scalar));
  }
}

/** A random init value of `desc`, in the shape generated classes (and @bufbuild/protobuf's create) take. */
export function randomValue(random: Random, desc: DescMessage, depth: number): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  const single = (field: DescField): unknown => {
    switch (field.fieldKind) {
      case "scalar":
        return randomScalar(random, field.scalar);
      case "enum":
        return randomEnum(random, field);
      case "message":
        return randomValue(random, field.message, depth + 1);
      default:
        return undefined;
    }
  };
  for (const field of desc.fields) {
    if (random() < 0.25 && field.presence !== 3) continue;
    if (field.oneof !== undefined) {
      if (
        value[field.oneof.localName] === undefined &&
        random() < 0.5 &&
        (field.fieldKind !== "message" || depth < 3)
      ) {
        value[field.oneof.localName] = { case: field.localName, value: single(field) };
      }
      continue;
    }
    switch (field.fieldKind) {
      case "scalar":
      case "enum":
        value[field.localName] = single(field);
        break;
      case "message":
        if (depth < 3) value[field.localName] = single(field);
        break;
      case "list": {
        const count = depth < 3 || field.listKind !== "message" ? int(random, 0, 4) : 0;
        value[field.localName] = Array.from({ length: count }, () => {
          if (field.listKind === "scalar") return randomScalar(random, field.scalar);
          if (field.listKind === "enum") return randomEnum(random, field);
          return randomValue(random, field.message, depth + 1);
        });
        break;
      }
      case "map": {
        const entries: Record<string, unknown> = {};
        const count = depth < 3 || field.mapKind !== "message" ? int(random, 0, 3) : 0;
        for (let i = 0; i < count; i += 1) {
          const key = randomMapKey(random, field.mapKey);
          if (field.mapKind === "scalar") entries[key] = randomScalar(random, field.scalar);
          else if (field.mapKind === "enum") entries[key] = randomEnum(random, field);
          else entries[key] = randomValue(random, field.message, depth + 1);
        }
        value[field.localName] = entries;
        break;
      }
    }
  }
  if (random() < 0.15) {
    value["$unknown"] = [{ no: int(random, 1000, 5000), wireType: 0, data: Uint8Array.of(int(random, 0, 127)) }];
  }
  return value;
}
