import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { RegistryError, RegistryRejectedError } from "../../src/errors/index.js";
import type { CompatibilityLevel, RegistryMode, SchemaInput } from "../../src/registry/registry-client.js";
import { InMemoryRegistry } from "./in-memory-registry.js";

/**
 * A self-signed certificate for 127.0.0.1 and localhost (EC P-256, CA:TRUE, serverAuth + clientAuth,
 * valid until 2126), made once with `openssl req -x509 -newkey ec ...` for the TLS tests: the fake serves
 * https with it, and the same pair serves as trusted CA and as client certificate for mutual TLS.
 */
export const TEST_TLS = Object.freeze({
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgCgA2v42ykiqZBr21
TcKyEpjfh6nCl5EnTCXsO9+Yh1yhRANCAASYj3wGHhZA37Vay/cfwEQ2MV509NNA
hfcYEcDfCvvMs4fBWBAPeaLOH76poibI16XRz+Gbi9Ls6a4zwWLurWh9
-----END PRIVATE KEY-----
`,
  cert: `-----BEGIN CERTIFICATE-----
MIIB1DCCAXmgAwIBAgIUdyINnkwUK3jVJ3Cmu0vgPqtKZ/8wCgYIKoZIzj0EAwIw
GTEXMBUGA1UEAwwOc2NoZW1ha2l0IHRlc3QwIBcNMjYxMTIyMTM1NTM2WhgPMjEy
NjEwMjkxMzU1MzZaMBkxFzAVBgNVBAMMDnNjaGVtYWtpdCB0ZXN0MFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEmI98Bh4WQN+1Wsv3H8BENjFedPTTQIX3GBHA3wr7
zLOHwVgQD3mizh++qaImyNel0c/hm4vS7OmuM8Fi7q1ofaOBnDCBmTAdBgNVHQ4E
FgQUePUPMiic4+IaI5fTTH1LLOc4G4IwHwYDVR0jBBgwFoAUePUPMiic4+IaI5fT
TH1LLOc4G4IwGgYDVR0RBBMwEYcEfwAAAYIJbG9jYWxob3N0MA8GA1UdEwEB/wQF
MAMBAf8wCwYDVR0PBAQDAgKEMB0GA1UdJQQWMBQGCCsGAQUFBwMBBggrBgEFBQcD
AjAKBggqhkjOPQQDAgNJADBGAiEAphd2VvhhK2DcE0w+2bogDLQM7OyS4NJpVZz3
BN5ryUICIQDEBlQMDXZr5g0siw2vmK5IJmRagn2WVa5vg5UNklpSzA==
-----END CERTIFICATE-----
`,
});

/** What the next matching requests get instead of the registry's answer. */
export type ForcedAnswer =
  /** This status with a Confluent error body ({error_code, message}), or with `body` as is. */
  | { readonly status: number; readonly errorCode?: number; readonly body?: string }
  /** The connection is destroyed before any answer: a network error for the client. */
  | { readonly reset: true };

export interface FakeRegistryOptions {
  /** Path prefix of the API; default "/ccompat". */
  readonly basePath?: string;
  /** Share one backend between several fakes (failover tests). */
  readonly backend?: InMemoryRegistry;
  /** Serve https with TEST_TLS; `requestCert` also demands a client certificate signed by it. */
  readonly tls?: { readonly requestCert?: boolean };
}

export interface FakeRegistry {
  /** Base URL, e.g. http://127.0.0.1:PORT/ccompat. */
  readonly url: string;
  readonly backend: InMemoryRegistry;
  /** How many requests arrived, by "METHOD path" (below the base path, with its query, as sent). */
  readonly requests: Map<string, number>;
  /** The same "METHOD path" lines in arrival order. */
  readonly log: readonly string[];
  /** Headers of every request, in order. */
  readonly headers: readonly IncomingHttpHeaders[];
  /** Every answer waits this long first (ms). */
  latencyMs: number;
  /** The next `count` requests whose "METHOD path" matches `route` get `answer`. */
  failNext(route: RegExp, answer: ForcedAnswer, count?: number): void;
  close(): Promise<void>;
}

/**
 * The Confluent REST API in node:http over InMemoryRegistry, in the spirit of franz-go's srfake: for
 * unit tests of the HTTP client, with forced answers, latency and a log of what arrived. Answers are
 * shaped as Confluent's: `schemaType` and `references` are left out for Avro, `messages` only with
 * verbose=true. Unit tests only.
 */
export async function startFakeRegistry(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const basePath = options.basePath ?? "/ccompat";
  const backend = options.backend ?? new InMemoryRegistry();
  const requests = new Map<string, number>();
  const log: string[] = [];
  const headers: IncomingHttpHeaders[] = [];
  const forced: { route: RegExp; answer: ForcedAnswer; count: number }[] = [];
  const sockets = new Set<Socket>();
  // Subjects given a mode of their own through this fake (InMemoryRegistry falls back to the global one).
  const ownModes = new Set<string>();

  const fake: FakeRegistry = {
    url: "",
    backend,
    requests,
    log,
    headers,
    latencyMs: 0,
    failNext(route, answer, count = 1) {
      forced.push({ route, answer, count });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      const line = `${req.method ?? "GET"} ${(req.url ?? "").slice(basePath.length)}`;
      requests.set(line, (requests.get(line) ?? 0) + 1);
      log.push(line);
      headers.push(req.headers);
      const answer = (status: number, body: string): void => {
        setTimeout(() => {
          res.writeHead(status, { "content-type": "application/vnd.schemaregistry.v1+json" });
          res.end(body);
        }, fake.latencyMs);
      };
      const force = forced.find((f) => f.count > 0 && f.route.test(line));
      if (force !== undefined) {
        force.count -= 1;
        if ("reset" in force.answer) {
          req.socket.destroy();
          return;
        }
        const { status, errorCode, body } = force.answer;
        answer(status, body ?? JSON.stringify({ error_code: errorCode ?? status, message: `forced ${status}` }));
        return;
      }
      if (!req.url?.startsWith(basePath)) {
        answer(404, "<html>not the registry</html>");
        return;
      }
      route(backend, ownModes, line, text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>)).then(
        (result) => answer(200, JSON.stringify(result)),
        (error: unknown) => {
          if (error instanceof RegistryError) {
            answer(
              error.status ?? 500,
              JSON.stringify({ error_code: error.registryErrorCode ?? error.status, message: error.message }),
            );
          } else {
            answer(500, JSON.stringify({ error_code: 50001, message: String(error) }));
          }
        },
      );
    });
  };

  const server =
    options.tls === undefined
      ? createHttpServer(handle)
      : createHttpsServer(
          {
            key: TEST_TLS.key,
            cert: TEST_TLS.cert,
            ca: TEST_TLS.cert,
            requestCert: options.tls.requestCert ?? false,
            rejectUnauthorized: options.tls.requestCert ?? false,
          },
          handle,
        );
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, { url: `${options.tls === undefined ? "http" : "https"}://127.0.0.1:${port}${basePath}` });
}

async function route(
  registry: InMemoryRegistry,
  ownModes: Set<string>,
  line: string,
  body: Record<string, unknown> | undefined,
): Promise<unknown> {
  const [method, target = ""] = line.split(" ");
  const url = new URL(target, "http://fake");
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const flag = (name: string): boolean => url.searchParams.get(name) === "true";
  const schema = (): SchemaInput => body as unknown as SchemaInput;
  const version = (raw: string | undefined): number | "latest" => (raw === "latest" ? "latest" : Number(raw));
  const [head, a, b, c, d] = parts;
  if (head === "subjects" && a !== undefined) {
    if (b === undefined && method === "POST")
      return confluentShape(await registry.lookup(a, schema(), { deleted: flag("deleted") }));
    if (b === undefined && method === "DELETE") return registry.deleteSubject(a, { permanent: flag("permanent") });
    if (b === "versions" && c === undefined && method === "POST") return { id: await registry.register(a, schema()) };
    if (b === "versions" && c === undefined) return registry.getVersions(a);
    if (b === "versions" && method === "DELETE")
      return registry.deleteVersion(a, version(c), { permanent: flag("permanent") });
    if (b === "versions") return confluentShape(await registry.getVersion(a, version(c)));
  }
  if (head === "subjects") return registry.getSubjects();
  if (head === "schemas" && a === "ids" && b !== undefined) {
    if (c === "subjects") return registry.getSubjectsById(Number(b));
    const { id: _id, ...stored } = await registry.getById(Number(b));
    return confluentShape(stored);
  }
  if (head === "compatibility" && a === "subjects" && b !== undefined) {
    const selected = d === undefined ? "all" : version(d);
    const result = await registry.checkCompatibility(b, schema(), { version: selected });
    return { is_compatible: result.isCompatible, ...(flag("verbose") ? { messages: result.messages } : {}) };
  }
  if (head === "config") {
    if (method === "PUT")
      return { compatibility: await registry.setCompatibility(body?.["compatibility"] as CompatibilityLevel, a) };
    const level = await registry.getCompatibility(a);
    if (level === undefined) throw notConfigured(line, 40408);
    return { compatibilityLevel: level };
  }
  if (head === "mode") {
    if (method === "PUT") {
      if (a !== undefined) ownModes.add(a);
      return { mode: await registry.setMode(body?.["mode"] as RegistryMode, a) };
    }
    // Confluent answers a subject's own mode, else 40409 unless defaultToGlobal=true.
    if (a !== undefined && !flag("defaultToGlobal") && !ownModes.has(a)) throw notConfigured(line, 40409);
    return { mode: await registry.getMode(a) };
  }
  throw new Error(`fake registry: no route for ${line}`);
}

/** Confluent leaves `schemaType` out for Avro and `references` out when there are none. */
function confluentShape<T extends { schemaType: string; references: readonly unknown[] }>(answer: T): Partial<T> {
  const { schemaType, references, ...rest } = answer;
  return {
    ...rest,
    ...(schemaType === "AVRO" ? {} : { schemaType }),
    ...(references.length === 0 ? {} : { references }),
  } as Partial<T>;
}

// Confluent's answer for a subject without a compatibility level (40408) or mode (40409) of its own.
function notConfigured(line: string, registryErrorCode: number): Error {
  return new RegistryRejectedError(
    { method: "GET", url: line, status: 404, registryErrorCode },
    "subject has no setting of its own",
  );
}
