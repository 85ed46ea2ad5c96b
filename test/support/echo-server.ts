import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { TEST_TLS } from "./fake-registry.js";

/**
 * How the echo server answers, chosen by the first path segment of the request: every answer that has a
 * body carries the whole request (method, path, every header, body), as a careless proxy or registry
 * error page might, so credentials the client sent come back inside the answer.
 */
export const ECHO_MODES = [
  "json-500",
  "json-401",
  "json-404",
  "json-409",
  "json-422",
  "html-502",
  "ok-malformed-json",
  "ok-wrong-shape",
  "ok-huge",
  "error-huge",
  "hang",
  "reset",
] as const;

export type EchoMode = (typeof ECHO_MODES)[number];

export interface EchoServer {
  /** Base URL without a path, e.g. http://127.0.0.1:PORT. */
  readonly origin: string;
  /** Every request as echoed (method, path, headers, body), in arrival order. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

// Larger than any registry answer worth reading whole into an error message.
const HUGE_BYTES = 4 * 1024 * 1024;

/** An http (or https with the test certificate, optionally demanding a client certificate) echo server. */
export async function startEchoServer(options: { tls?: { requestCert?: boolean } } = {}): Promise<EchoServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const echo = [
        `${request.method ?? ""} ${request.url ?? ""}`,
        ...Object.entries(request.headers).map(([name, value]) => `${name}: ${String(value)}`),
        "",
        Buffer.concat(chunks).toString("utf8"),
      ].join("\n");
      requests.push(echo);
      answer(modeOf(request.url ?? ""), echo, request, response);
    });
  };
  const server: Server =
    options.tls === undefined
      ? createHttpServer(handler)
      : createHttpsServer(
          {
            key: TEST_TLS.key,
            cert: TEST_TLS.cert,
            ca: TEST_TLS.cert,
            requestCert: options.tls.requestCert ?? false,
            rejectUnauthorized: options.tls.requestCert ?? false,
          },
          handler,
        );
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${options.tls === undefined ? "http" : "https"}://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function modeOf(url: string): EchoMode {
  const first = url.split("/")[1] ?? "";
  return (ECHO_MODES as readonly string[]).includes(first) ? (first as EchoMode) : "json-500";
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

function answer(mode: EchoMode, echo: string, request: IncomingMessage, response: ServerResponse): void {
  // "hang" never answers (the client's request timeout ends it); "reset" drops the connection.
  if (mode === "hang") return;
  if (mode === "reset") {
    request.socket.destroy();
    return;
  }
  const { status, contentType, body } = answerOf(mode, echo);
  response.writeHead(status, { "content-type": contentType });
  response.end(body);
}

function answerOf(mode: Exclude<EchoMode, "hang" | "reset">, echo: string): Answer {
  const json = (status: number, body: unknown): Answer => ({
    status,
    contentType: "application/vnd.schemaregistry.v1+json",
    body: JSON.stringify(body),
  });
  const huge = echo.repeat(Math.ceil(HUGE_BYTES / echo.length));
  switch (mode) {
    case "json-500":
      return json(500, { error_code: 50001, message: `internal error for request:\n${echo}` });
    case "json-401":
      return json(401, { error_code: 40101, message: `unauthorized: ${echo}` });
    case "json-404":
      return json(404, { error_code: 40401, message: `Subject not found. Request was ${echo}` });
    case "json-409":
      return json(409, { error_code: 409, message: `incompatible: ${echo}` });
    case "json-422":
      return json(422, { error_code: 42201, message: `invalid schema: ${echo}` });
    case "html-502":
      return {
        status: 502,
        contentType: "text/html",
        body: `<html><body><h1>502</h1><pre>${echo}</pre></body></html>`,
      };
    case "ok-malformed-json":
      return { status: 200, contentType: "application/json", body: `{"id": 1, "echo": "${echo}` };
    case "ok-wrong-shape":
      return json(200, { id: echo, schema: 7, echo });
    case "ok-huge":
      return json(200, { id: "x", echo: huge });
    case "error-huge":
      return json(500, { error_code: 50001, message: huge });
  }
}
