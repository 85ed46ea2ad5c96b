import { createConnection, createServer, type AddressInfo, type Server, type Socket } from "node:net";

/** What happens to connections that arrive while the proxy refuses: reset at once, or accepted and left silent. */
export type RefuseMode = "reset" | "hang";

export interface TcpFaultProxyStats {
  /** Connections accepted since the start. */
  readonly connections: number;
  /** Bytes received from clients / from the target. */
  readonly bytesFromClients: number;
  readonly bytesFromTarget: number;
  /** Bytes discarded while dropping. */
  readonly bytesDropped: number;
  /** Connections ended with a TCP reset by resetAll() or while refusing. */
  readonly resets: number;
}

/**
 * A TCP proxy between a client and a server (a Kafka broker, a registry) that injects network faults on
 * command: added latency, silently dropped bytes, connection resets, refused connections. For a Kafka
 * broker, the broker must advertise the proxy's address, or clients reconnect to the broker directly
 * after their first metadata request (docs/services.md).
 */
export interface TcpFaultProxy {
  readonly host: string;
  readonly port: number;
  /** "host:port" of the proxy, for a client's bootstrap list. */
  readonly address: string;
  readonly stats: TcpFaultProxyStats;
  /**
   * Holds every chunk this long before passing it on, in both directions, in order. Changing it applies
   * to chunks already held too: setDelay(0) releases them at once.
   */
  setDelay(ms: number): void;
  /** While on, bytes in both directions are read and discarded; connections stay open (a black hole). */
  setDropping(on: boolean): void;
  /** While on, new connections are reset at once ("reset") or accepted and never served ("hang"). */
  setRefusing(on: boolean, mode?: RefuseMode): void;
  /** Ends every open connection, on both sides, with a TCP reset (RST). */
  resetAll(): void;
  /** Resets every connection and stops listening. */
  close(): Promise<void>;
}

interface Held {
  readonly chunk: Buffer;
  readonly arrivedAt: number;
}

/**
 * One direction of a connection: chunks are held until the delay in force has passed since each arrived,
 * and released in order. A changed delay applies to what is held already.
 */
class DelayedPipe {
  readonly #to: Socket;
  readonly #delayMs: () => number;
  readonly #held: Held[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(to: Socket, delayMs: () => number) {
    this.#to = to;
    this.#delayMs = delayMs;
  }

  push(chunk: Buffer): void {
    this.#held.push({ chunk, arrivedAt: Date.now() });
    this.reschedule();
  }

  /** Writes every chunk that is due, then sets one timer for the next. */
  reschedule(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (let first = this.#held[0]; first !== undefined; first = this.#held[0]) {
      const wait = first.arrivedAt + this.#delayMs() - Date.now();
      if (wait > 0) {
        this.#timer = setTimeout(() => this.reschedule(), wait);
        return;
      }
      this.#held.shift();
      if (!this.#to.destroyed) this.#to.write(first.chunk);
    }
  }

  clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#held.length = 0;
  }
}

/** Starts a proxy on 127.0.0.1 (port 0: any free port) that forwards to `target`. */
export async function startTcpFaultProxy(options: {
  readonly target: { readonly host: string; readonly port: number };
  readonly port?: number;
}): Promise<TcpFaultProxy> {
  let delayMs = 0;
  let dropping = false;
  let refusing: RefuseMode | undefined;
  const stats = { connections: 0, bytesFromClients: 0, bytesFromTarget: 0, bytesDropped: 0, resets: 0 };
  const open = new Set<{ client: Socket; upstream: Socket; pipes: DelayedPipe[] }>();

  const reset = (socket: Socket): void => {
    if (!socket.destroyed) socket.resetAndDestroy();
  };

  const server: Server = createServer((client) => {
    stats.connections += 1;
    client.on("error", () => undefined);
    if (refusing === "reset") {
      stats.resets += 1;
      reset(client);
      return;
    }
    if (refusing === "hang") {
      client.on("data", (chunk: Buffer) => {
        stats.bytesFromClients += chunk.length;
      });
      open.add({ client, upstream: client, pipes: [] });
      return;
    }
    const upstream = createConnection({ host: options.target.host, port: options.target.port });
    upstream.on("error", () => undefined);
    const toTarget = new DelayedPipe(upstream, () => delayMs);
    const toClient = new DelayedPipe(client, () => delayMs);
    const connection = { client, upstream, pipes: [toTarget, toClient] };
    open.add(connection);
    client.on("data", (chunk: Buffer) => {
      stats.bytesFromClients += chunk.length;
      if (dropping) stats.bytesDropped += chunk.length;
      else toTarget.push(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      stats.bytesFromTarget += chunk.length;
      if (dropping) stats.bytesDropped += chunk.length;
      else toClient.push(chunk);
    });
    // A side that closes closes the other at once; bytes still held are lost, as on a broken path.
    const end = (): void => {
      open.delete(connection);
      for (const pipe of connection.pipes) pipe.clear();
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end);
    upstream.on("close", end);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const resetAll = (): void => {
    for (const connection of [...open]) {
      stats.resets += 1;
      open.delete(connection);
      for (const pipe of connection.pipes) pipe.clear();
      reset(connection.client);
      reset(connection.upstream);
    }
  };

  return {
    host: "127.0.0.1",
    port,
    address: `127.0.0.1:${port}`,
    get stats(): TcpFaultProxyStats {
      return { ...stats };
    },
    setDelay(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`delay must be a number of ms >= 0, got ${ms}`);
      delayMs = ms;
      for (const connection of open) for (const pipe of connection.pipes) pipe.reschedule();
    },
    setDropping(on: boolean): void {
      dropping = on;
    },
    setRefusing(on: boolean, mode: RefuseMode = "reset"): void {
      refusing = on ? mode : undefined;
    },
    resetAll,
    close: async (): Promise<void> => {
      resetAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
