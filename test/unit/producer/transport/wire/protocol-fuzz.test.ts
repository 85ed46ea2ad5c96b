import { describe, expect, it } from "vitest";
import { KafkaProtocolError } from "../../../../../src/errors/index.js";
import { API_VERSIONS } from "../../../../../src/producer/transport/wire/protocol/api-versions.js";
import { INIT_PRODUCER_ID } from "../../../../../src/producer/transport/wire/protocol/init-producer-id.js";
import type { KafkaApi } from "../../../../../src/producer/transport/wire/protocol/kafka-api.js";
import { METADATA } from "../../../../../src/producer/transport/wire/protocol/metadata.js";
import { PRODUCE } from "../../../../../src/producer/transport/wire/protocol/produce.js";
import { ProtocolReader } from "../../../../../src/producer/transport/wire/protocol/reader.js";
import { SASL_AUTHENTICATE } from "../../../../../src/producer/transport/wire/protocol/sasl-authenticate.js";
import { SASL_HANDSHAKE } from "../../../../../src/producer/transport/wire/protocol/sasl-handshake.js";
import { seededRandom } from "../../../../support/seeded-random.js";
import {
  API_VERSIONS_UNSUPPORTED_RESPONSE,
  API_VERSIONS_V2_RESPONSE,
  INIT_PRODUCER_ID_V1_RESPONSE,
  METADATA_V8_RESPONSE,
  PRODUCE_V3_RESPONSE,
  PRODUCE_V8_RESPONSE,
  SASL_AUTHENTICATE_V1_RESPONSE,
  SASL_HANDSHAKE_V1_RESPONSE,
} from "./protocol-responses.js";

// A broker's answer is input like any other: every response decoder, at every version it speaks, given
// random bytes and valid answers altered at random, either decodes or fails with a KafkaProtocolError.
// Never another error, never an array longer than the bytes could hold. A decoder that loops forever
// fails the test by its timeout; how fast they decode is the benchmarks' business, not a test's.

const SEED = 0x5eed_0b0c;
const INPUTS_PER_VERSION = 1_500;

const APIS: readonly { api: KafkaApi<unknown, unknown>; valid: readonly Buffer[] }[] = [
  { api: PRODUCE as KafkaApi<unknown, unknown>, valid: [PRODUCE_V8_RESPONSE, PRODUCE_V3_RESPONSE] },
  { api: METADATA as KafkaApi<unknown, unknown>, valid: [METADATA_V8_RESPONSE] },
  {
    api: API_VERSIONS as KafkaApi<unknown, unknown>,
    valid: [API_VERSIONS_V2_RESPONSE, API_VERSIONS_UNSUPPORTED_RESPONSE],
  },
  { api: INIT_PRODUCER_ID as KafkaApi<unknown, unknown>, valid: [INIT_PRODUCER_ID_V1_RESPONSE] },
  { api: SASL_HANDSHAKE as KafkaApi<unknown, unknown>, valid: [SASL_HANDSHAKE_V1_RESPONSE] },
  { api: SASL_AUTHENTICATE as KafkaApi<unknown, unknown>, valid: [SASL_AUTHENTICATE_V1_RESPONSE] },
];

function hostileInput(next: () => number, valid: readonly Buffer[]): Buffer {
  const pick = (n: number): number => Math.floor(next() * n);
  const kind = pick(4);
  if (kind === 0) return Buffer.from(Array.from({ length: pick(96) }, () => pick(256)));
  const bytes = Buffer.from(valid[pick(valid.length)] as Buffer);
  if (kind === 1) {
    // A few bytes changed: counts and lengths become huge, negative or off by a little.
    for (let changes = 1 + pick(4); changes > 0 && bytes.length > 0; changes -= 1) {
      bytes[pick(bytes.length)] = [0x00, 0x7f, 0x80, 0xff, pick(256)][pick(5)] as number;
    }
    return bytes;
  }
  if (kind === 2) return bytes.subarray(0, pick(bytes.length + 1));
  // Bytes added at a random place.
  const at = pick(bytes.length + 1);
  const extra = Buffer.from(Array.from({ length: 1 + pick(8) }, () => [0x00, 0xff, pick(256)][pick(3)] as number));
  return Buffer.concat([bytes.subarray(0, at), extra, bytes.subarray(at)]);
}

// Every array a decoded answer holds, however deep.
function arrayLengths(value: unknown, into: number[] = []): number[] {
  if (Array.isArray(value)) {
    into.push(value.length);
    for (const item of value) arrayLengths(item, into);
  } else if (typeof value === "object" && value !== null && !Buffer.isBuffer(value)) {
    for (const item of Object.values(value)) arrayLengths(item, into);
  }
  return into;
}

describe("response decoders against hostile bytes", () => {
  for (const { api, valid } of APIS) {
    it(`${api.name}: decodes or fails with a KafkaProtocolError, at every version it speaks`, () => {
      const next = seededRandom(SEED ^ api.key);
      const problems: string[] = [];
      let decoded = 0;
      let refused = 0;
      for (let version = api.minVersion; version <= api.maxVersion; version += 1) {
        for (let index = 0; index < INPUTS_PER_VERSION; index += 1) {
          const input = hostileInput(next, valid);
          const label = `v${version} input ${input.toString("hex")}`;
          try {
            const answer = api.decodeResponse(new ProtocolReader(input, api.name), version);
            decoded += 1;
            const longest = Math.max(0, ...arrayLengths(answer));
            if (longest > input.length) problems.push(`${label}: an array of ${longest} from ${input.length} bytes`);
          } catch (error) {
            refused += 1;
            if (!(error instanceof KafkaProtocolError)) problems.push(`${label}: ${String(error)}`);
          }
        }
      }
      expect(problems.slice(0, 5)).toEqual([]);
      // Both outcomes were reached, so the inputs exercised the decoder and not only its first check.
      expect(decoded).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
    });
  }
});
