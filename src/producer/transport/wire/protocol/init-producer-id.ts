import type { KafkaApi } from "./kafka-api.js";

export interface InitProducerIdRequest {
  /** null: an idempotent producer outside transactions. */
  readonly transactionalId: string | null;
  readonly transactionTimeoutMs: number;
}

export interface InitProducerIdResponse {
  readonly errorCode: number;
  readonly producerId: bigint;
  readonly producerEpoch: number;
}

/** InitProducerId (key 22), versions 0-1 (non-flexible; v1 only changes throttling semantics). */
export const INIT_PRODUCER_ID: KafkaApi<InitProducerIdRequest, InitProducerIdResponse> = {
  key: 22,
  name: "InitProducerId",
  minVersion: 0,
  maxVersion: 1,
  isFlexible: () => false,
  encodeRequest: (writer, request) => {
    writer.nullableString(request.transactionalId).int32(request.transactionTimeoutMs);
  },
  decodeResponse: (reader) => {
    reader.int32("throttle_time_ms");
    return {
      errorCode: reader.int16("error_code"),
      producerId: reader.int64("producer_id"),
      producerEpoch: reader.int16("producer_epoch"),
    };
  },
};
