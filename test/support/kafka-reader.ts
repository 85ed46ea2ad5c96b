import kafkajs, { Kafka, logLevel, type Admin, type KafkaConfig } from "kafkajs";
import { registerCompressionCodecs } from "../../src/producer/index.js";

// The consumer reads batches of every compression: snappy, lz4 and zstd come from schemakit's codecs.
registerCompressionCodecs(kafkajs);

export interface ReadRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer;
  readonly timestamp: string;
  readonly headers: Readonly<Record<string, Buffer | undefined>>;
}

/** A kafkajs client of the test's own (never the producer under test): topics, watermarks, reading back. */
export class KafkaReader {
  readonly #kafka: Kafka;
  readonly #admin: Admin;
  #connected: Promise<void> | undefined;

  /** `security`: kafkajs's ssl and sasl settings, for a SASL_SSL broker. */
  constructor(brokers: readonly string[], security: Pick<KafkaConfig, "ssl" | "sasl"> = {}) {
    this.#kafka = new Kafka({
      clientId: "schemakit-test-reader",
      brokers: [...brokers],
      logLevel: logLevel.NOTHING,
      ...security,
    });
    this.#admin = this.#kafka.admin();
  }

  /**
   * Creates the topic and waits until every partition has a leader. kafkajs's own waitForLeaders can fail
   * with "does not host this topic-partition" while a new topic's metadata spreads (more so on a cluster):
   * here that is waited out, for up to 30 s.
   */
  async createTopic(
    topic: string,
    partitions: number,
    replicationFactor = 1,
    configs: Readonly<Record<string, string>> = {},
  ): Promise<void> {
    await this.#connect();
    const configEntries = Object.entries(configs).map(([name, value]) => ({ name, value }));
    await this.#admin.createTopics({
      topics: [{ topic, numPartitions: partitions, replicationFactor, configEntries }],
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
    const { topics } = await askUntilAnswered(
      () => this.#admin.fetchTopicMetadata({ topics: [topic] }),
      () => true,
    );
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

  /**
   * Records in the topic: the sum of its partitions' high watermarks (nothing is ever deleted here). A broker
   * just back from a fault may answer "not the leader" while its leadership settles: retriable answers are
   * waited out for up to 30 s.
   */
  async recordCount(topic: string): Promise<number> {
    await this.#connect();
    const offsets = await askUntilAnswered(
      () => this.#admin.fetchTopicOffsets(topic),
      (error) => (error as { retriable?: unknown }).retriable === true,
    );
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
                  headers: flatHeaders(message.headers),
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

// kafkajs gives a header that occurs more than once as an array; the tests set each once.
function flatHeaders(headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined) {
  const flat: Record<string, Buffer | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    flat[name] = first === undefined ? undefined : Buffer.from(first);
  }
  return flat;
}

/** Asks again every 200 ms while `again` accepts the failure, for up to 30 s; then the failure is thrown. */
async function askUntilAnswered<T>(ask: () => Promise<T>, again: (error: unknown) => boolean): Promise<T> {
  for (let waited = 0; ; waited += 200) {
    try {
      return await ask();
    } catch (error) {
      if (!again(error) || waited > 30_000) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
