import { BrokerError } from "../../../errors/index.js";
import { BrokerConnection, type ConnectionOptions } from "./connection.js";

export type PoolOptions = Omit<ConnectionOptions, "host" | "port">;

interface Address {
  readonly host: string;
  readonly port: number;
}

function parseAddress(broker: string): Address {
  const colon = broker.lastIndexOf(":");
  return { host: broker.slice(0, colon).replace(/^\[(.*)\]$/, "$1"), port: Number(broker.slice(colon + 1)) };
}

/**
 * One connection per broker, opened on first use and reopened after it fails. Brokers are known by node
 * id once metadata has named them; before that, the bootstrap addresses serve metadata requests.
 */
export class BrokerPool {
  readonly #options: PoolOptions;
  readonly #bootstrap: readonly Address[];
  readonly #nodes = new Map<number, Address>();
  readonly #connections = new Map<string, Promise<BrokerConnection>>();
  #closed = false;

  constructor(bootstrap: readonly string[], options: PoolOptions) {
    this.#bootstrap = bootstrap.map(parseAddress);
    this.#options = options;
  }

  /** Records the brokers metadata named (host and port per node id). */
  setNodes(nodes: readonly { readonly nodeId: number; readonly host: string; readonly port: number }[]): void {
    for (const node of nodes) this.#nodes.set(node.nodeId, { host: node.host, port: node.port });
  }

  hasNode(nodeId: number): boolean {
    return this.#nodes.has(nodeId);
  }

  /** The connection to a broker by node id. */
  connectionTo(nodeId: number): Promise<BrokerConnection> {
    const address = this.#nodes.get(nodeId);
    if (address === undefined)
      return Promise.reject(
        new BrokerError({ broker: `node ${nodeId}`, api: "connect" }, undefined, undefined, "not in the metadata", {
          retriable: true,
        }),
      );
    return this.#connection(address);
  }

  /**
   * A connection to any broker, for metadata and InitProducerId: known brokers first, then the bootstrap
   * list; the first that answers. Fails with the last error (retriable) when none does.
   */
  async anyConnection(): Promise<BrokerConnection> {
    const candidates = [...this.#nodes.values(), ...this.#bootstrap];
    if (this.#closed && candidates[0] !== undefined) return this.#connection(candidates[0]);
    let lastError: unknown;
    for (const address of candidates) {
      try {
        return await this.#connection(address);
      } catch (error) {
        lastError = error;
      }
    }
    throw new BrokerError({ broker: undefined, api: "connect" }, undefined, undefined, "no broker answers", {
      retriable: true,
      cause: lastError,
    });
  }

  #connection(address: Address): Promise<BrokerConnection> {
    if (this.#closed) {
      // Not retriable: batches still queued when the transport disconnects fail instead of reconnecting.
      const broker = `${address.host}:${address.port}`;
      return Promise.reject(
        new BrokerError({ broker, api: "connect" }, undefined, undefined, "the client disconnected"),
      );
    }
    const key = `${address.host}:${address.port}`;
    const existing = this.#connections.get(key);
    if (existing !== undefined) {
      return existing.then((connection) => {
        if (!connection.isClosed) return connection;
        if (this.#connections.get(key) === existing) this.#connections.delete(key);
        return this.#connection(address);
      });
    }
    const opening = BrokerConnection.open({ ...this.#options, ...address });
    this.#connections.set(key, opening);
    opening.catch(() => {
      if (this.#connections.get(key) === opening) this.#connections.delete(key);
    });
    return opening;
  }

  /** Allows connections again after `close`. */
  reopen(): void {
    this.#closed = false;
  }

  /** Closes every connection; requests on them fail, and no new connection opens until `reopen`. */
  async close(): Promise<void> {
    this.#closed = true;
    const connections = [...this.#connections.values()];
    this.#connections.clear();
    await Promise.all(connections.map((opening) => opening.then((c) => c.close()).catch(() => undefined)));
  }
}
