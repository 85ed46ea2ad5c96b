import { createServer, type Server, type Socket } from "node:net";

/** A request as the scripted broker saw it. */
export interface Request {
  readonly apiKey: number;
  readonly version: number;
  readonly correlationId: number;
  /** The request body after the header (client id included). */
  readonly body: Buffer;
  readonly socket: Socket;
}

// ApiVersions v2: error 0; Produce 3-11, Metadata 4-12, ApiVersions 0-3, InitProducerId 0-4,
// SaslHandshake 0-1, SaslAuthenticate 0-2; throttle 0.
const API_VERSIONS_BODY = Buffer.from(
  "0000" +
    "00000006" +
    "00000003000b" +
    "00030004000c" +
    "001200000003" +
    "001600000004" +
    "001100000001" +
    "002400000002" +
    "00000000",
  "hex",
);

/** A response frame: size, correlation id, body. */
export function frame(correlationId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeInt32BE(4 + body.length, 0);
  header.writeInt32BE(correlationId, 4);
  return Buffer.concat([header, body]);
}

/** A broker on a local port that answers ApiVersions itself and hands every other request to `onRequest`. */
export class ScriptedBroker {
  readonly #server: Server;
  readonly #sockets: Set<Socket>;

  private constructor(server: Server, sockets: Set<Socket>) {
    this.#server = server;
    this.#sockets = sockets;
  }

  static async start(onRequest: (request: Request) => void): Promise<ScriptedBroker> {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      let pending = Buffer.alloc(0);
      socket.on("data", (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
          const size = pending.readInt32BE(0);
          const request = {
            apiKey: pending.readInt16BE(4),
            version: pending.readInt16BE(6),
            correlationId: pending.readInt32BE(8),
            body: pending.subarray(12, 4 + size),
            socket,
          };
          pending = pending.subarray(4 + size);
          if (request.apiKey === 18) socket.write(frame(request.correlationId, API_VERSIONS_BODY));
          else onRequest(request);
        }
      });
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return new ScriptedBroker(server, sockets);
  }

  get port(): number {
    const address = this.#server.address();
    if (address === null || typeof address === "string") throw new Error("not listening");
    return address.port;
  }

  close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    return new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
