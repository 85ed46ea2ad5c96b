import type { KafkaApi } from "./kafka-api.js";

export interface MetadataRequest {
  /** Topics to describe; null for all. */
  readonly topics: readonly string[] | null;
  /** false: a producer never creates topics by asking for their metadata. */
  readonly allowAutoTopicCreation: boolean;
}

export interface MetadataBroker {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

export interface MetadataPartition {
  readonly errorCode: number;
  readonly partition: number;
  /** -1 when the partition has no leader now. */
  readonly leaderId: number;
  /** -1 before v7. */
  readonly leaderEpoch: number;
}

export interface MetadataTopic {
  readonly errorCode: number;
  readonly name: string;
  readonly partitions: readonly MetadataPartition[];
}

export interface MetadataResponse {
  readonly brokers: readonly MetadataBroker[];
  readonly controllerId: number;
  readonly topics: readonly MetadataTopic[];
}

/**
 * Metadata (key 3), versions 4-8: the non-flexible ones with allow_auto_topic_creation (v4) and leader
 * epochs (v7). v9+ only change the encoding (flexible) and add topic ids, which a producer does not need.
 */
export const METADATA: KafkaApi<MetadataRequest, MetadataResponse> = {
  key: 3,
  name: "Metadata",
  minVersion: 4,
  maxVersion: 8,
  isFlexible: () => false,
  encodeRequest: (writer, request, version) => {
    if (request.topics === null) writer.int32(-1);
    else {
      writer.int32(request.topics.length);
      for (const topic of request.topics) writer.string(topic);
    }
    writer.boolean(request.allowAutoTopicCreation);
    if (version >= 8) writer.boolean(false).boolean(false);
  },
  decodeResponse: (reader, version) => {
    reader.int32("throttle_time_ms");
    const brokers = reader.array("brokers", 12, (r, i) => {
      const broker = { nodeId: r.int32(`brokers[${i}].node_id`), host: r.string(`brokers[${i}].host`) };
      const port = r.int32(`brokers[${i}].port`);
      r.nullableString(`brokers[${i}].rack`);
      return { ...broker, port };
    });
    reader.nullableString("cluster_id");
    const controllerId = reader.int32("controller_id");
    const topics = reader.array("topics", 9, (r, t) => {
      const errorCode = r.int16(`topics[${t}].error_code`);
      const name = r.string(`topics[${t}].name`);
      r.boolean(`topics[${t}].is_internal`);
      const partitions = r.array(`topics[${t}].partitions`, 18, (p, i) => {
        const field = `topics[${t}].partitions[${i}]`;
        const partition = {
          errorCode: p.int16(`${field}.error_code`),
          partition: p.int32(`${field}.partition_index`),
          leaderId: p.int32(`${field}.leader_id`),
          leaderEpoch: version >= 7 ? p.int32(`${field}.leader_epoch`) : -1,
        };
        p.array(`${field}.replica_nodes`, 4, (n) => n.int32("replica"));
        p.array(`${field}.isr_nodes`, 4, (n) => n.int32("isr"));
        if (version >= 5) p.array(`${field}.offline_replicas`, 4, (n) => n.int32("offline"));
        return partition;
      });
      if (version >= 8) r.int32(`topics[${t}].topic_authorized_operations`);
      return { errorCode, name, partitions };
    });
    if (version >= 8) reader.int32("cluster_authorized_operations");
    return { brokers, controllerId, topics };
  },
};
