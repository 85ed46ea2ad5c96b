import avro from "avsc";
import { makeUserEvents, USER_EVENT_SCHEMA, type UserEventValue } from "./fixtures.js";

// What every benchmark worker builds before it runs its case: the records, and the reference bytes
// (avsc body, and the Confluent frame around it) that encoders must reproduce and decoders get to read.

/** How a worker reaches the registry: the topic's `-value` subject holds the UserEvent schema under schemaId. */
export interface RegistryTarget {
  readonly registryUrl: string;
  readonly topic: string;
  readonly schemaId: number;
}

export interface BenchContext extends RegistryTarget {
  readonly records: readonly UserEventValue[];
  /** avsc's `toBuffer` of each record: the plain Avro body. */
  readonly bodies: readonly Buffer[];
  /** 0x00, schemaId big-endian, body: the bytes every Confluent-compatible serializer writes. */
  readonly framed: readonly Buffer[];
  /** The UserEvent type as avsc compiles it (no logical types: ts stays a number, as for every peer). */
  readonly type: avro.Type;
}

export function buildContext(target: RegistryTarget, recordCount: number, seed: number): BenchContext {
  const type = avro.Type.forSchema(USER_EVENT_SCHEMA as avro.Schema);
  const records = makeUserEvents(recordCount, seed);
  const bodies = records.map((record) => type.toBuffer(record));
  const header = Buffer.alloc(5);
  header.writeInt32BE(target.schemaId, 1);
  const framed = bodies.map((body) => Buffer.concat([header, body]));
  return { ...target, records, bodies, framed, type };
}

/** How many records of the sample each case checks before timing: wrong bytes must never be fast bytes. */
export const SAMPLE_CHECKS = 500;

/** Throws when an encoder's output for the sample differs from the reference frame. */
export async function checkEncoder(
  context: BenchContext,
  name: string,
  encode: (index: number) => Uint8Array | Promise<Uint8Array>,
  expected: readonly Buffer[] = context.framed,
): Promise<void> {
  for (let index = 0; index < Math.min(SAMPLE_CHECKS, expected.length); index += 1) {
    const actual = Buffer.from(await encode(index));
    if (!actual.equals(expected[index] ?? Buffer.alloc(0))) {
      throw new Error(
        `${name}: record ${index} encodes to ${actual.toString("hex")}, expected ${expected[index]?.toString("hex")}`,
      );
    }
  }
}

/** Throws when a decoder's value for the sample does not re-encode to the record's body. */
export async function checkDecoder(
  context: BenchContext,
  name: string,
  decode: (index: number) => unknown,
): Promise<void> {
  for (let index = 0; index < Math.min(SAMPLE_CHECKS, context.records.length); index += 1) {
    const value = await decode(index);
    const body = context.bodies[index] ?? Buffer.alloc(0);
    if (!context.type.isValid(value) || !context.type.toBuffer(value).equals(body)) {
      throw new Error(`${name}: record ${index} decodes to a different value: ${JSON.stringify(value)}`);
    }
  }
}
