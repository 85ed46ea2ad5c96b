import type { KafkaApi } from "./kafka-api.js";

export interface SaslAuthenticateResponse {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly authBytes: Buffer;
  /** 0 when the broker sets no session lifetime (or before v1). */
  readonly sessionLifetimeMs: bigint;
}

/** SaslAuthenticate (key 36), versions 0-1 (non-flexible; v1 adds the session lifetime). */
export const SASL_AUTHENTICATE: KafkaApi<{ readonly authBytes: Buffer }, SaslAuthenticateResponse> = {
  key: 36,
  name: "SaslAuthenticate",
  minVersion: 0,
  maxVersion: 1,
  isFlexible: () => false,
  encodeRequest: (writer, request) => {
    writer.bytes(request.authBytes);
  },
  decodeResponse: (reader, version) => ({
    errorCode: reader.int16("error_code"),
    errorMessage: reader.nullableString("error_message"),
    authBytes: reader.bytes("auth_bytes"),
    sessionLifetimeMs: version >= 1 ? reader.int64("session_lifetime_ms") : 0n,
  }),
};
