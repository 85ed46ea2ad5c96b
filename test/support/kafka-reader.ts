import { Kafka, logLevel, type Admin } from "kafkajs";
import { registerCompressionCodecs } from "../../src/producer/transport/kafkajs-transport.js";

// The consumer reads batches of every compression: snappy, lz4 and zstd come from schemakit's codecs.
registerCompressionCodecs();

export interface ReadRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer;
  readonly timestamp: string;
}

/** A kafkajs client of the test's own (never the producer under test): topics, watermarks, reading back. */
export class KafkaReader {
  readonly #kafka: Kafka;
  readonly #admin: Admin;
  #connected: Promise<void> | undefined;

  constructor(brokers: readonly string[]) {
    this.#kafka = new Kafka({ clientId: "schemakit-test-reader", brokers: [...brokers], logLevel: logLevel.NOTHING });
    this.#admin = this.#kafka.admin();
  }

  /**
   * Creates the topic and waits until every partition has a leader. kafkajs's own waitForLeaders can fail
   * with "does not host this topic-partition" while a new topic's metadata spreads (more so on a cluster):
   * here that is waited out, for up to 30 s.
   */
  async createTopic(topic: string, partitions: number, replicationFactor = 1): Promise<void> {
    await this.#connect();
    await this.#admin.createTopics({
      topics: [{ topic, numPartitions: partitions, replicationFactor }],
      waitForLeaders: false,
    });
    for (let waited = 0; ; waited += 200) {
      const led = await this.#admin
        .fetchTopicMetadata({ topics: [topic] })
        .then(({ topics }) => topics[0]?.partitions.filter((partition) => partition.leader >= 0).length ?? 0)
        .catch(() => 0);
      if (led === partitions) return;
      if (waited > 30_000) throw new Error(`topic ${topic}: ${led} of ${partitions} partitions have a leader`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async growTopic(topic: string, partitions: number): Promise<void> {
    await this.#connect();
    await this.#admin.createPartitions({ topicPartitions: [{ topic, count: partitions }] });
  }

  /** The broker id leading each partition of the topic, by partition number. */
  async leaders(topic: string): Promise<number[]> {
    await this.#connect();
    // A new topic's metadata may not have reached every broker yet: ask again for a while.
    let answer: Awaited<ReturnType<Admin["fetchTopicMetadata"]>> | undefined;
    for (let waited = 0; answer === undefined; waited += 200) {
      answer = await this.#admin.fetchTopicMetadata({ topics: [topic] }).catch((error: unknown) => {
        if (waited > 30_000) throw error;
        return undefined;
      });
      if (answer === undefined) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const { topics } = answer;
    const leaders: number[] = [];
    for (const partition of topics[0]?.partitions ?? []) leaders[partition.partitionId] = partition.leader;
    return leaders;
  }

  /** Deletes the topic and waits until the cluster no longer lists it. */
  async deleteTopic(topic: string): Promise<void> {
    await this.#connect();
    await this.#admin.deleteTopics({ topics: [topic], timeout: 30_000 });
    for (let waited = 0; waited < 30_000 && (await this.#admin.listTopics()).includes(topic); waited += 100)
      await new Promise((resolve) => setTimeout(resolve, 100));
  }

  /** Records in the topic: the sum of its partitions' high watermarks (nothing is ever deleted here). */
  async recordCount(topic: string): Promise<number> {
    await this.#connect();
    const offsets = await this.#admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  }

  /** Reads the topic from the beginning until `expected` records came, or fails after `timeoutMs`. */
  async readAll(topic: string, expected: number, timeoutMs = 60_000): Promise<ReadRecord[]> {
    const consumer = this.#kafka.consumer({ groupId: `${topic}-reader-${Date.now()}`, maxBytes: 10 << 20 });
    await consumer.connect();
    const records: ReadRecord[] = [];
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`read ${records.length} of ${expected} records from ${topic} in ${timeoutMs} ms`)),
          timeoutMs,
        );
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              for (const message of batch.messages) {
                records.push({
                  partition: batch.partition,
                  offset: message.offset,
                  key: message.key,
                  value: message.value ?? Buffer.alloc(0),
                  timestamp: message.timestamp,
                });
              }
              if (records.length >= expected) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return records;
  }

  async close(): Promise<void> {
    if (this.#connected !== undefined) await this.#admin.disconnect();
  }

  #connect(): Promise<void> {
    this.#connected ??= this.#admin.connect();
    return this.#connected;
  }
}
