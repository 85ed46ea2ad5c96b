import type { KafkaApi } from "./kafka-api.js";

export interface ProducePartitionData {
  readonly partition: number;
  /** One encoded RecordBatch v2 (record-batch-builder.ts). */
  readonly records: Buffer;
}

export interface ProduceTopicData {
  readonly topic: string;
  readonly partitions: readonly ProducePartitionData[];
}

export interface ProduceRequest {
  /** -1 (all in-sync replicas), 0 (no response) or 1 (the leader). */
  readonly acks: -1 | 0 | 1;
  readonly timeoutMs: number;
  readonly topics: readonly ProduceTopicData[];
}

export interface ProducePartitionResponse {
  readonly partition: number;
  readonly errorCode: number;
  /** The first record's offset, as the broker gave it. */
  readonly baseOffset: bigint;
  /** -1 unless the topic uses LogAppendTime. */
  readonly logAppendTimeMs: bigint;
  /** v8: the broker's message for the error, if any. */
  readonly errorMessage: string | null;
}

export interface ProduceTopicResponse {
  readonly topic: string;
  readonly partitions: readonly ProducePartitionResponse[];
}

export interface ProduceResponse {
  readonly topics: readonly ProduceTopicResponse[];
  readonly throttleTimeMs: number;
}

/**
 * Produce (key 0), versions 3-8: the non-flexible ones that carry RecordBatch v2. v8 is what we ask for:
 * every broker from 2.4 to 4.x speaks it, and v9-v12 change only the encoding (compact lengths, tagged
 * fields: a few bytes per request) and add leader hints in tagged fields, which a metadata refresh
 * gives us too. One encoder path for all brokers keeps the hot path small.
 */
export const PRODUCE: KafkaApi<ProduceRequest, ProduceResponse> = {
  key: 0,
  name: "Produce",
  minVersion: 3,
  maxVersion: 8,
  isFlexible: () => false,
  expectsResponse: (request) => request.acks !== 0,
  encodeRequest: (writer, request) => {
    writer.nullableString(null).int16(request.acks).int32(request.timeoutMs).int32(request.topics.length);
    for (const topic of request.topics) {
      writer.string(topic.topic).int32(topic.partitions.length);
      for (const data of topic.partitions) writer.int32(data.partition).bytesByReference(data.records);
    }
  },
  decodeResponse: (reader, version) => {
    const topics = reader.array("responses", 6, (r, t) => ({
      topic: r.string(`responses[${t}].name`),
      partitions: r.array(`responses[${t}].partition_responses`, 22, (p, i) => {
        const field = `responses[${t}].partition_responses[${i}]`;
        const partition = p.int32(`${field}.index`);
        const errorCode = p.int16(`${field}.error_code`);
        const baseOffset = p.int64(`${field}.base_offset`);
        const logAppendTimeMs = p.int64(`${field}.log_append_time_ms`);
        if (version >= 5) p.int64(`${field}.log_start_offset`);
        let errorMessage: string | null = null;
        if (version >= 8) {
          p.array(`${field}.record_errors`, 6, (e, j) => {
            e.int32(`${field}.record_errors[${j}].batch_index`);
            return e.nullableString(`${field}.record_errors[${j}].message`);
          });
          errorMessage = p.nullableString(`${field}.error_message`);
        }
        return { partition, errorCode, baseOffset, logAppendTimeMs, errorMessage };
      }),
    }));
    return { topics, throttleTimeMs: reader.int32("throttle_time_ms") };
  },
};
