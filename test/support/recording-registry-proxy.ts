import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

/** One request that went through the proxy, with the registry's answer. */
export interface RegistryExchange {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly body: string;
}

/** An HTTP proxy in front of a real registry that records what a client asked and what it was answered. */
export interface RecordingRegistryProxy {
  /** The registry's base URL with the proxy's origin: give it to the client under test. */
  readonly url: string;
  readonly exchanges: readonly RegistryExchange[];
  close(): Promise<void>;
}

/** Starts a recording proxy on 127.0.0.1 (a free port) in front of the registry at `registryUrl`. */
export async function startRecordingRegistryProxy(registryUrl: string): Promise<RecordingRegistryProxy> {
  const upstream = new URL(registryUrl);
  const exchanges: RegistryExchange[] = [];
  const server = createServer((incoming, outgoing) => {
    // Bodies are recorded as text, so the registry is asked for uncompressed ones.
    const { "accept-encoding": _acceptEncoding, ...headers } = incoming.headers;
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...headers, host: upstream.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const body = Buffer.concat(chunks);
          const status = answer.statusCode ?? 0;
          exchanges.push({
            method: incoming.method ?? "",
            path: incoming.url ?? "",
            status,
            body: body.toString("utf8"),
          });
          outgoing.writeHead(status, answer.headers);
          outgoing.end(body);
        });
      },
    );
    forward.on("error", (error) => outgoing.destroy(error));
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, "")}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Whether an exchange hit a route the registry does not have: a 404 without a Confluent resource error
 * code (404xx: subject, version, schema ... not found). Apicurio answers such routes with an empty body,
 * Confluent's registry with error_code 404.
 */
export function isMissingRoute(exchange: RegistryExchange): boolean {
  if (exchange.status !== 404) return false;
  try {
    const code: unknown = (JSON.parse(exchange.body) as { error_code?: unknown }).error_code;
    return !(typeof code === "number" && code >= 40_400 && code < 40_500);
  } catch {
    return true;
  }
}
