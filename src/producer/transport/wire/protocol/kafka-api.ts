import type { ProtocolReader } from "./reader.js";
import type { ProtocolWriter } from "./writer.js";

/**
 * One Kafka API as this client speaks it: its key, the versions it can encode and decode, and the
 * codecs of its request and response bodies (headers are the connection's job).
 */
export interface KafkaApi<Request, Response> {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** Whether `version` uses flexible encoding (request header v2, response header v1). */
  readonly isFlexible: (version: number) => boolean;
  readonly encodeRequest: (writer: ProtocolWriter, request: Request, version: number) => void;
  readonly decodeResponse: (reader: ProtocolReader, version: number) => Response;
  /** acks=0 produce: the broker sends nothing back. */
  readonly expectsResponse?: (request: Request) => boolean;
}

/** The version both sides speak: the highest common one, or undefined when the ranges do not meet. */
export function negotiateVersion(
  api: Pick<KafkaApi<unknown, unknown>, "minVersion" | "maxVersion">,
  brokerMin: number,
  brokerMax: number,
): number | undefined {
  const version = Math.min(api.maxVersion, brokerMax);
  return version >= Math.max(api.minVersion, brokerMin) ? version : undefined;
}
