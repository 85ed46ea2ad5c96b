import type { KafkaApi } from "./kafka-api.js";

export interface ApiVersionRange {
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
}

export interface ApiVersionsResponse {
  readonly errorCode: number;
  readonly apiKeys: readonly ApiVersionRange[];
  readonly throttleTimeMs: number;
}

/**
 * ApiVersions (key 18), versions 0-2: the non-flexible ones, which every broker since 0.10 answers.
 * A broker that does not support the version asked answers UNSUPPORTED_VERSION with its ranges in the
 * v0 layout, so a v0 decode of that answer still gives the ranges.
 */
export const API_VERSIONS: KafkaApi<Record<string, never>, ApiVersionsResponse> = {
  key: 18,
  name: "ApiVersions",
  minVersion: 0,
  maxVersion: 2,
  isFlexible: () => false,
  encodeRequest: () => {},
  decodeResponse: (reader, version) => {
    const errorCode = reader.int16("error_code");
    const apiKeys = reader.array("api_keys", 6, (r) => ({
      apiKey: r.int16("api_key"),
      minVersion: r.int16("min_version"),
      maxVersion: r.int16("max_version"),
    }));
    const throttleTimeMs = version >= 1 && reader.remaining >= 4 ? reader.int32("throttle_time_ms") : 0;
    return { errorCode, apiKeys, throttleTimeMs };
  },
};
