import { SchemaNotPreparedError } from "../errors/index.js";
import { SettledOnce } from "../internal/settled-once.js";

/**
 * What every serializer does per topic, whatever its format: settle the schema once (concurrent calls
 * share one registry round trip; a failure is not remembered, so a later call retries while the registry
 * may be back), then encode synchronously. `serialize` runs no async function once the topic is prepared,
 * so the hot path stays a plain call; `encode` is passed the value rather than closed over it, so the
 * serializers allocate no function per record.
 */
export class PreparedTopics<P> {
  readonly #settle: (topic: string) => Promise<P>;
  readonly #prepared = new SettledOnce<string, P>();

  constructor(settle: (topic: string) => Promise<P>) {
    this.#settle = settle;
  }

  /** What was settled for a topic; undefined until prepare(topic) has resolved. */
  get(topic: string): P | undefined {
    return this.#prepared.get(topic);
  }

  /** Settles a topic once; concurrent calls share the pending settlement. */
  prepare(topic: string): Promise<P> {
    return this.#prepared.settle(topic, () => this.#settle(topic));
  }

  /** prepare(topic) when needed, then encode; an encoding failure rejects. */
  serialize<V>(topic: string, value: V, encode: (prepared: P, value: V) => Buffer): Promise<Buffer> {
    const prepared = this.#prepared.get(topic);
    if (prepared === undefined) return this.prepare(topic).then((settled) => encode(settled, value));
    try {
      return Promise.resolve(encode(prepared, value));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Encodes synchronously; SchemaNotPreparedError unless prepare(topic) has resolved. */
  serializeSync<V>(topic: string, typeName: string, value: V, encode: (prepared: P, value: V) => Buffer): Buffer {
    const prepared = this.#prepared.get(topic);
    if (prepared === undefined) throw new SchemaNotPreparedError(topic, typeName);
    return encode(prepared, value);
  }
}
