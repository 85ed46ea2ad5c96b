import avsc from "avsc";
import { longRegistry } from "./types/exact-long-type.js";

// Avro specification, "Parsing Canonical Form for Schemas" and "Schema Fingerprints". Used to tell
// whether two schema texts describe the same binary layout, and by codegen to bake a fingerprint into
// generated code. Not what is registered: the canonical form drops defaults, docs, aliases and logical
// types, which readers and the registry's compatibility checks need.

/**
 * The Parsing Canonical Form of a schema (object or JSON text). A schema that names types defined in
 * other schemas (Schema Registry references) needs those schemas' texts in `referencedSchemas`, in
 * dependency order; the named types are then written out in full at their first use, as the form requires.
 */
export function parsingCanonicalForm(schema: string | object, referencedSchemas: readonly string[] = []): string {
  // No logical types here: the form is about the underlying binary types only. The exact long type lets
  // long defaults up to ±(2^53 - 1) through, which avsc's own refuses.
  const registry = longRegistry("number");
  for (const referenced of referencedSchemas) avsc.Type.forSchema(JSON.parse(referenced) as avsc.Schema, { registry });
  const parsed = typeof schema === "string" ? (JSON.parse(schema) as avsc.Schema) : (schema as avsc.Schema);
  // avsc's schema() without exportAttrs is the canonical form: full names, attribute order and
  // stripping as the specification lists them (checked against the specification's test vectors).
  return JSON.stringify(avsc.Type.forSchema(parsed, { registry }).schema());
}

/**
 * The 64-bit Rabin fingerprint (CRC-64-AVRO) of a schema's Parsing Canonical Form, as a signed 64-bit
 * integer: the value of Java's SchemaNormalization.parsingFingerprint64 and of the Avro specification's
 * test vectors.
 */
export function parsingFingerprint64(schema: string | object, referencedSchemas: readonly string[] = []): bigint {
  return rabinFingerprint64(Buffer.from(parsingCanonicalForm(schema, referencedSchemas), "utf8"));
}

// The specification's reference algorithm, in BigInt: it runs once per schema, never per record.
const EMPTY = 0xc15d213aa4d7a795n;
let table: BigUint64Array | undefined;

function rabinFingerprint64(bytes: Uint8Array): bigint {
  table ??= fingerprintTable();
  let fingerprint = EMPTY;
  for (const byte of bytes) fingerprint = (fingerprint >> 8n) ^ table[Number((fingerprint ^ BigInt(byte)) & 0xffn)]!;
  return BigInt.asIntN(64, fingerprint);
}

function fingerprintTable(): BigUint64Array {
  const entries = new BigUint64Array(256);
  for (let i = 0; i < 256; i += 1) {
    let fingerprint = BigInt(i);
    for (let bit = 0; bit < 8; bit += 1) fingerprint = (fingerprint >> 1n) ^ (EMPTY & -(fingerprint & 1n));
    entries[i] = fingerprint;
  }
  return entries;
}
