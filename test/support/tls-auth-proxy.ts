import { timingSafeEqual } from "node:crypto";
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";

export interface TlsAuthProxyOptions {
  /** Where requests go on, e.g. http://127.0.0.1:8081 (the registry); its path prefix is kept as sent. */
  readonly target: string;
  /** Server certificate and key (PEM) the proxy presents. */
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
  /** The one pair of basic-auth credentials accepted. */
  readonly username: string;
  readonly password: string;
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
}

export interface TlsAuthProxy {
  /** https://host:port, without a path. */
  readonly origin: string;
  readonly port: number;
  /** Requests refused for missing or wrong credentials. */
  readonly refused: number;
  close(): Promise<void>;
}

/**
 * An https server with basic auth in front of a plain http service (Apicurio has neither here): the
 * registry-security tests talk TLS and credentials to it as they would to a secured registry. Requests
 * without the right Authorization header get 401 and never reach the target; the header is not passed on.
 */
export async function startTlsAuthProxy(options: TlsAuthProxyOptions): Promise<TlsAuthProxy> {
  const target = new URL(options.target);
  const expected = Buffer.from(`Basic ${Buffer.from(`${options.username}:${options.password}`).toString("base64")}`);
  let refused = 0;
  const authorised = (header: string | undefined): boolean => {
    const given = Buffer.from(header ?? "");
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const server: Server = createServer({ cert: options.cert, key: options.key }, (request, response) => {
    if (!authorised(request.headers.authorization)) {
      refused += 1;
      request.resume();
      response.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Basic realm="registry"' });
      response.end(JSON.stringify({ error_code: 401, message: "Unauthorized" }));
      return;
    }
    forward(request, response, target);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    get refused(): number {
      return refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function forward(request: IncomingMessage, response: ServerResponse, target: URL): void {
  const headers = { ...request.headers, host: target.host };
  delete headers.authorization;
  const upstream = httpRequest(
    { hostname: target.hostname, port: target.port, method: request.method, path: request.url, headers },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.on("error", (error) => {
    if (response.headersSent) {
      response.destroy(error);
      return;
    }
    response.writeHead(502, { "content-type": "application/json" });
    response.end(JSON.stringify({ error_code: 50201, message: `the registry behind the proxy did not answer` }));
  });
  request.pipe(upstream);
}
