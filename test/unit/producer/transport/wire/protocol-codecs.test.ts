import { describe, expect, it } from "vitest";
import { KafkaProtocolError } from "../../../../../src/errors/index.js";
import { API_VERSIONS } from "../../../../../src/producer/transport/wire/protocol/api-versions.js";
import { INIT_PRODUCER_ID } from "../../../../../src/producer/transport/wire/protocol/init-producer-id.js";
import { negotiateVersion } from "../../../../../src/producer/transport/wire/protocol/kafka-api.js";
import { METADATA } from "../../../../../src/producer/transport/wire/protocol/metadata.js";
import { PRODUCE } from "../../../../../src/producer/transport/wire/protocol/produce.js";
import { ProtocolReader } from "../../../../../src/producer/transport/wire/protocol/reader.js";
import { SASL_AUTHENTICATE } from "../../../../../src/producer/transport/wire/protocol/sasl-authenticate.js";
import { SASL_HANDSHAKE } from "../../../../../src/producer/transport/wire/protocol/sasl-handshake.js";
import { ProtocolWriter } from "../../../../../src/producer/transport/wire/protocol/writer.js";
import {
  API_VERSIONS_UNSUPPORTED_RESPONSE,
  API_VERSIONS_V2_RESPONSE,
  hex,
  INIT_PRODUCER_ID_V1_RESPONSE,
  METADATA_V8_RESPONSE,
  PRODUCE_V3_RESPONSE,
  PRODUCE_V8_RESPONSE,
  SASL_AUTHENTICATE_V1_RESPONSE,
  SASL_HANDSHAKE_V1_RESPONSE,
} from "./protocol-responses.js";

function encode<Request>(
  api: { encodeRequest: (w: ProtocolWriter, r: Request, v: number) => void },
  request: Request,
  version: number,
): string {
  const writer = new ProtocolWriter(4);
  api.encodeRequest(writer, request, version);
  return writer.view().toString("hex");
}

function decodeError(run: () => unknown): KafkaProtocolError {
  try {
    run();
  } catch (error) {
    if (error instanceof KafkaProtocolError) return error;
    throw error;
  }
  throw new Error("no error");
}

describe("Kafka protocol codecs", () => {
  it("encodes a Produce v8 request: null transactional id, acks, timeout, topic, partition, records", () => {
    const request = {
      acks: -1 as const,
      timeoutMs: 30_000,
      topics: [{ topic: "t", partitions: [{ partition: 0, records: hex("010203") }] }],
    };
    expect(encode(PRODUCE, request, 8)).toBe(
      "ffff" + "ffff" + "00007530" + "00000001" + "000174" + "00000001" + "00000000" + "00000003010203",
    );
  });

  it("decodes a Produce v8 response, and a v3 one without log start offset and record errors", () => {
    const v8 = PRODUCE.decodeResponse(new ProtocolReader(PRODUCE_V8_RESPONSE, "Produce"), 8);
    expect(v8).toEqual({
      topics: [
        {
          topic: "t",
          partitions: [{ partition: 2, errorCode: 0, baseOffset: 42n, logAppendTimeMs: -1n, errorMessage: null }],
        },
      ],
      throttleTimeMs: 0,
    });
    expect(
      PRODUCE.decodeResponse(new ProtocolReader(PRODUCE_V3_RESPONSE, "Produce"), 3).topics[0]?.partitions[0],
    ).toEqual({
      partition: 0,
      errorCode: 6,
      baseOffset: -1n,
      logAppendTimeMs: 1_700_000_000_000n,
      errorMessage: null,
    });
  });

  it("fails with a KafkaProtocolError naming the field for every truncation of a response", () => {
    for (let length = 0; length < PRODUCE_V8_RESPONSE.length; length += 1) {
      const error = decodeError(() =>
        PRODUCE.decodeResponse(new ProtocolReader(PRODUCE_V8_RESPONSE.subarray(0, length), "Produce v8 response"), 8),
      );
      expect(error.field).toMatch(/^Produce v8 response /);
    }
  });

  it("bounds array counts and lengths by the bytes that remain, before allocating", () => {
    const hugeCount = hex("7fffffff 0001 74");
    expect(decodeError(() => PRODUCE.decodeResponse(new ProtocolReader(hugeCount, "Produce"), 8)).message).toMatch(
      /cannot fit/,
    );
    const hugeString = hex("00000001 7fff 7400000000");
    expect(decodeError(() => PRODUCE.decodeResponse(new ProtocolReader(hugeString, "Produce"), 8)).message).toMatch(
      /needs 32767 bytes/,
    );
    const negative = hex("00000001 fffe 0000000000");
    expect(decodeError(() => PRODUCE.decodeResponse(new ProtocolReader(negative, "Produce"), 8)).message).toMatch(
      /length -2/,
    );
    const longVarint = hex("ffffffffffffffffffffff01");
    expect(decodeError(() => new ProtocolReader(longVarint, "x").varint("v")).message).toMatch(/longer than 10/);
    expect(decodeError(() => new ProtocolReader(hex("ffffffff7f"), "x").uvarint("v")).message).toMatch(/over 32 bits/);
    expect(decodeError(() => new ProtocolReader(hex("05 01 02"), "x").compactBytes("b")).message).toMatch(
      /needs 4 bytes/,
    );
  });

  it("encodes Metadata v8 and decodes its response with brokers, leaders and epochs", () => {
    expect(encode(METADATA, { topics: ["ab"], allowAutoTopicCreation: false }, 8)).toBe("00000001000261620000" + "00");
    expect(encode(METADATA, { topics: null, allowAutoTopicCreation: true }, 4)).toBe("ffffffff01");
    expect(METADATA.decodeResponse(new ProtocolReader(METADATA_V8_RESPONSE, "Metadata"), 8)).toEqual({
      brokers: [{ nodeId: 1, host: "127.0.0.1", port: 9092 }],
      controllerId: 1,
      topics: [{ errorCode: 0, name: "t", partitions: [{ errorCode: 0, partition: 0, leaderId: 1, leaderEpoch: 7 }] }],
    });
  });

  it("decodes ApiVersions, also an UNSUPPORTED_VERSION answer in the v0 layout", () => {
    expect(API_VERSIONS.decodeResponse(new ProtocolReader(API_VERSIONS_V2_RESPONSE, "ApiVersions"), 2)).toEqual({
      errorCode: 0,
      apiKeys: [
        { apiKey: 0, minVersion: 3, maxVersion: 11 },
        { apiKey: 3, minVersion: 4, maxVersion: 8 },
      ],
      throttleTimeMs: 0,
    });
    const unsupported = API_VERSIONS_UNSUPPORTED_RESPONSE;
    expect(API_VERSIONS.decodeResponse(new ProtocolReader(unsupported, "ApiVersions"), 2).apiKeys).toEqual([
      { apiKey: 18, minVersion: 0, maxVersion: 3 },
    ]);
  });

  it("negotiates the highest version both sides speak, or none", () => {
    expect(negotiateVersion(PRODUCE, 3, 11)).toBe(8);
    expect(negotiateVersion(PRODUCE, 0, 5)).toBe(5);
    expect(negotiateVersion(PRODUCE, 9, 12)).toBeUndefined();
  });

  it("encodes and decodes InitProducerId v1 and the SASL requests", () => {
    expect(encode(INIT_PRODUCER_ID, { transactionalId: null, transactionTimeoutMs: 60_000 }, 1)).toBe("ffff0000ea60");
    const response = INIT_PRODUCER_ID_V1_RESPONSE;
    expect(INIT_PRODUCER_ID.decodeResponse(new ProtocolReader(response, "InitProducerId"), 1)).toEqual({
      errorCode: 0,
      producerId: 4000n,
      producerEpoch: 2,
    });
    expect(encode(SASL_HANDSHAKE, { mechanism: "PLAIN" }, 1)).toBe("0005504c41494e");
    expect(SASL_HANDSHAKE.decodeResponse(new ProtocolReader(SASL_HANDSHAKE_V1_RESPONSE, "SaslHandshake"), 1)).toEqual({
      errorCode: 33,
      mechanisms: ["PLAIN"],
    });
    expect(encode(SASL_AUTHENTICATE, { authBytes: hex("00750070") }, 1)).toBe("0000000400750070");
    const authenticated = SASL_AUTHENTICATE_V1_RESPONSE;
    expect(SASL_AUTHENTICATE.decodeResponse(new ProtocolReader(authenticated, "SaslAuthenticate"), 1)).toEqual({
      errorCode: 0,
      errorMessage: null,
      authBytes: Buffer.from("v1"),
      sessionLifetimeMs: 3600n,
    });
  });

  it("writes flexible-version primitives: unsigned varints, compact strings and bytes, empty tags", () => {
    const writer = new ProtocolWriter(1);
    writer.uvarint(300).compactString("ab").compactNullableString(null).compactBytes(hex("ff")).emptyTaggedFields();
    expect(writer.view().toString("hex")).toBe("ac02" + "036162" + "00" + "02ff" + "00");
    const reader = new ProtocolReader(hex("ac02 036162 00 02ff 01 05 02 aabb"), "x");
    expect([reader.uvarint("a"), reader.compactString("b"), reader.compactNullableString("c")]).toEqual([
      300,
      "ab",
      null,
    ]);
    expect(reader.compactBytes("d")).toEqual(hex("ff"));
    reader.skipTaggedFields("tags");
    expect(reader.remaining).toBe(0);
  });
});
