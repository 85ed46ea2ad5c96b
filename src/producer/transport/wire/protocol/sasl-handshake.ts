import type { KafkaApi } from "./kafka-api.js";

export interface SaslHandshakeResponse {
  readonly errorCode: number;
  /** The mechanisms the broker enables (its answer to an unsupported one). */
  readonly mechanisms: readonly string[];
}

/**
 * SaslHandshake (key 17), version 1 only: after a v1 handshake the SASL tokens travel in
 * SaslAuthenticate requests (v0 sent them as raw size-prefixed bytes, which we do not speak).
 */
export const SASL_HANDSHAKE: KafkaApi<{ readonly mechanism: string }, SaslHandshakeResponse> = {
  key: 17,
  name: "SaslHandshake",
  minVersion: 1,
  maxVersion: 1,
  isFlexible: () => false,
  encodeRequest: (writer, request) => {
    writer.string(request.mechanism);
  },
  decodeResponse: (reader) => ({
    errorCode: reader.int16("error_code"),
    mechanisms: reader.array("mechanisms", 2, (r, i) => r.string(`mechanisms[${i}]`)),
  }),
};
