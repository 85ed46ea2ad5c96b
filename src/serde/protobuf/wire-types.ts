import { type DescEnum, ScalarType } from "@bufbuild/protobuf";

// The wire types of the Protobuf encoding: the low three bits of every field's tag.
export const VARINT = 0;
export const BIT64 = 1;
export const LENGTH_DELIMITED = 2;
export const START_GROUP = 3;
export const END_GROUP = 4;
export const BIT32 = 5;

/** The wire type a scalar field is written with (not packed). */
export function wireTypeOf(scalar: ScalarType): number {
  switch (scalar) {
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return LENGTH_DELIMITED;
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return BIT64;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return BIT32;
    default:
      return VARINT;
  }
}

/**
 * An enum's zero value: the number of its first value (proto3 requires it to be 0; proto2 and editions'
 * closed enums take the first declared one). Truncated: compiled encoders and decoders write it into source.
 */
export function enumZeroNumber(enumDesc: DescEnum): number {
  return Math.trunc(enumDesc.values[0]?.number ?? 0);
}
