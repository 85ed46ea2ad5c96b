import type { Transport, TransportAck, TransportBatch } from "../../src/producer/transport/transport.js";

interface Sent {
  readonly batch: TransportBatch;
  /** Settles the send: with an ack (offsets from the partition's log), or with an error. */
  readonly ack: () => void;
  /** Settles the send with this answer, as given (a split batch's parts, say). */
  readonly answer: (ack: TransportAck) => void;
  readonly fail: (error: Error) => void;
}

/**
 * An in-process Transport for unit tests: partition counts per topic, a log per partition (offsets as a
 * broker would give them), and sends that settle when the test says so (`autoAck` settles at once).
 */
export class FakeTransport implements Transport {
  readonly partitions = new Map<string, number>();
  /** Every send, in the order the producer made them. */
  readonly sent: Sent[] = [];
  /** Records written per "topic/partition", in offset order. */
  readonly logs = new Map<string, Buffer[]>();
  autoAck = true;
  connected = false;
  disconnected = false;
  /** Fails every send to this "topic/partition" (when autoAck). */
  readonly failing = new Map<string, Error>();

  async connect(): Promise<void> {
    this.connected = true;
  }

  async partitionCount(topic: string): Promise<number> {
    const count = this.partitions.get(topic);
    if (count === undefined) throw new Error(`unknown topic ${topic}`);
    return count;
  }

  send(batch: TransportBatch): Promise<TransportAck> {
    return new Promise<TransportAck>((resolve, reject) => {
      const key = `${batch.topic}/${batch.partition}`;
      const ack = (): void => {
        const log = this.logs.get(key) ?? [];
        const baseOffset = log.length;
        log.push(...batch.records.map((record) => record.value));
        this.logs.set(key, log);
        resolve({ baseOffset: String(baseOffset), logAppendTime: -1 });
      };
      this.sent.push({ batch, ack, answer: resolve, fail: reject });
      if (this.autoAck) {
        const failure = this.failing.get(key);
        if (failure === undefined) ack();
        else reject(failure);
      }
    });
  }

  async disconnect(): Promise<void> {
    this.disconnected = true;
  }

  /** Values written to a partition, in offset order. */
  records(topic: string, partition: number): Buffer[] {
    return this.logs.get(`${topic}/${partition}`) ?? [];
  }
}
