import { CodegenInputError } from "../../src/errors/index.js";
import { parsingFingerprint64 } from "../../src/serde/avro/canonical-form.js";
import type { NamedModel } from "../model/avro-model.js";
import type { RegisteredSchema } from "./registered-schema.js";

/**
 * The fingerprint a descriptor carries and the schema lockfile pins: CRC-64-AVRO of the Parsing Canonical
 * Form of the registered schema with its references written out, as 16 hex digits. Computing it is also
 * where avsc checks the whole schema (defaults included), so an error here points at the type.
 */
export function schemaFingerprint(
  type: NamedModel,
  schema: RegisteredSchema,
  registered: ReadonlyMap<string, RegisteredSchema>,
): string {
  const referenced: string[] = [];
  const seen = new Set<string>();
  const visit = (fullName: string): void => {
    if (seen.has(fullName)) return;
    seen.add(fullName);
    const entry = registered.get(fullName) as RegisteredSchema;
    for (const next of entry.references) visit(next);
    referenced.push(JSON.stringify(entry.json));
  };
  for (const reference of schema.references) visit(reference);
  try {
    return fingerprintHex(parsingFingerprint64(schema.json, referenced));
  } catch (cause) {
    throw new CodegenInputError(
      { file: type.location.file, jsonPath: type.location.jsonPath, typeName: type.fullName },
      `invalid schema: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/** A signed 64-bit fingerprint as 16 lower-case hex digits (its unsigned value). */
export function fingerprintHex(fingerprint: bigint): string {
  return BigInt.asUintN(64, fingerprint).toString(16).padStart(16, "0");
}
