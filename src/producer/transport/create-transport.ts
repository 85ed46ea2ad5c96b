import { MemoPromise } from "../../internal/memo-promise.js";
import { RecordList } from "./record-list.js";
import type { BatchBuilder, Transport, TransportAck, TransportBatch } from "./transport.js";
import type { TransportName, TransportOptions } from "./transport-options.js";

/**
 * The producer's transport by name. Its code is loaded on the first connect, not when schemakit is
 * imported: code that only serializes, or generated classes, never loads a Kafka client.
 */
export function createTransport(name: TransportName, options: TransportOptions): Transport {
  return new LazyTransport(async () => {
    if (name === "kafkajs") {
      const { KafkajsTransport } = await import("./kafkajs-transport.js");
      return new KafkajsTransport(options);
    }
    const { WireTransport } = await import("./wire/wire-transport.js");
    return new WireTransport(options);
  });
}

/** A Transport that creates the real one on first use (a failed load is tried again on the next call). */
class LazyTransport implements Transport {
  readonly #loading: MemoPromise<Transport>;
  // Set once loaded: sends then call it directly, without a promise hop per batch.
  #loaded: Transport | undefined;

  constructor(load: () => Promise<Transport>) {
    this.#loading = new MemoPromise(async () => {
      this.#loaded = await load();
      return this.#loaded;
    });
  }

  async connect(): Promise<void> {
    await (await this.#transport()).connect();
  }

  async partitionCount(topic: string): Promise<number> {
    return (await this.#transport()).partitionCount(topic);
  }

  // Records reach batches only after the topic's partition count was read, which loaded the transport;
  // a RecordList would do for any transport (it encodes a list itself) should one come earlier.
  createBatch(topic: string, partition: number, sizeHintBytes: number): BatchBuilder {
    const create = this.#loaded?.createBatch;
    if (create === undefined) return new RecordList(topic, partition);
    return create.call(this.#loaded, topic, partition, sizeHintBytes);
  }

  send(batch: TransportBatch | BatchBuilder): Promise<TransportAck> {
    if (this.#loaded !== undefined) return this.#loaded.send(batch);
    return this.#transport().then((transport) => transport.send(batch));
  }

  async disconnect(): Promise<void> {
    // Nothing to disconnect when nothing was loaded; a load in progress is waited for and closed.
    const loading = this.#loading.peek();
    if (loading === undefined) return;
    const transport = await loading.catch(() => undefined);
    await transport?.disconnect();
  }

  #transport(): Promise<Transport> {
    return this.#loading.get();
  }
}
