import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { RegistryError, RegistryRejectedError } from "../../src/errors/index.js";
import type { CompatibilityLevel, RegistryMode, SchemaInput } from "../../src/registry/registry-client.js";
import { InMemoryRegistry } from "./in-memory-registry.js";

/** A forced answer for the next `count` requests whose "METHOD path" matches `route`. */
interface Failure {
  readonly route: RegExp;
  readonly status: number;
  readonly errorCode: number | undefined;
  count: number;
}

export interface FakeRegistry {
  /** Base URL, e.g. http://127.0.0.1:PORT/ccompat. */
  readonly url: string;
  readonly backend: InMemoryRegistry;
  /** How many requests arrived, by "METHOD path" (path below the base path, with its query, as sent). */
  readonly requests: Map<string, number>;
  /** The same "METHOD path" lines in arrival order, for assertions on order. */
  readonly log: readonly string[];
  /** Headers of every request, in order. */
  readonly headers: IncomingHttpHeaders[];
  failNext(route: RegExp, status: number, count?: number, errorCode?: number): void;
  close(): Promise<void>;
}

/**
 * The Confluent REST API in node:http over InMemoryRegistry (franz-go's srfake, in spirit): for unit
 * tests of the HTTP client, with forced failures and a log of what arrived. Unit tests only.
 */
export async function startFakeRegistry(basePath = "/ccompat"): Promise<FakeRegistry> {
  const backend = new InMemoryRegistry();
  const requests = new Map<string, number>();
  const log: string[] = [];
  const headers: IncomingHttpHeaders[] = [];
  const failures: Failure[] = [];
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      const line = `${req.method ?? "GET"} ${(req.url ?? "").slice(basePath.length)}`;
      requests.set(line, (requests.get(line) ?? 0) + 1);
      log.push(line);
      headers.push(req.headers);
      const reply = (status: number, body: unknown): void => {
        res.writeHead(status, { "content-type": "application/vnd.schemaregistry.v1+json" });
        res.end(JSON.stringify(body));
      };
      const failure = failures.find((f) => f.count > 0 && f.route.test(line));
      if (failure) {
        failure.count -= 1;
        reply(failure.status, { error_code: failure.errorCode ?? failure.status, message: `forced ${failure.status}` });
        return;
      }
      route(backend, line, text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>)).then(
        (answer) => reply(200, answer),
        (error: unknown) => {
          if (error instanceof RegistryError) {
            reply(error.status ?? 500, { error_code: error.registryErrorCode ?? error.status, message: error.message });
          } else {
            reply(500, { error_code: 50001, message: String(error) });
          }
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    backend,
    requests,
    log,
    headers,
    failNext(route, status, count = 1, errorCode) {
      failures.push({ route, status, errorCode, count });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function route(registry: InMemoryRegistry, line: string, body: Record<string, unknown> | undefined): Promise<unknown> {
  const [method, target = ""] = line.split(" ");
  const url = new URL(target, "http://fake");
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const flag = (name: string): boolean => url.searchParams.get(name) === "true";
  const schema = (): SchemaInput => body as unknown as SchemaInput;
  const version = (raw: string | undefined): number | "latest" => (raw === "latest" ? "latest" : Number(raw));
  const [head, a, b, c, d] = parts;
  if (head === "subjects" && a !== undefined) {
    if (b === undefined && method === "POST") return registry.lookup(a, schema(), { deleted: flag("deleted") });
    if (b === undefined && method === "DELETE") return registry.deleteSubject(a, { permanent: flag("permanent") });
    if (b === "versions" && c === undefined && method === "POST") return { id: await registry.register(a, schema()) };
    if (b === "versions" && c === undefined) return registry.getVersions(a);
    if (b === "versions" && method === "DELETE") return registry.deleteVersion(a, version(c), { permanent: flag("permanent") });
    if (b === "versions") return registry.getVersion(a, version(c));
  }
  if (head === "subjects") return registry.getSubjects();
  if (head === "schemas" && a === "ids" && b !== undefined) {
    if (c === "subjects") return registry.getSubjectsById(Number(b));
    const { schema: text, schemaType, references } = await registry.getById(Number(b));
    return { schema: text, ...(schemaType === "AVRO" ? {} : { schemaType }), ...(references.length ? { references } : {}) };
  }
  if (head === "compatibility" && a === "subjects" && b !== undefined) {
    const selected = d === undefined ? "all" : version(d);
    const result = await registry.checkCompatibility(b, schema(), { version: selected });
    return { is_compatible: result.isCompatible, ...(flag("verbose") ? { messages: result.messages } : {}) };
  }
  if (head === "config") {
    if (method === "PUT") return { compatibility: await registry.setCompatibility(body?.["compatibility"] as CompatibilityLevel, a) };
    const level = await registry.getCompatibility(a);
    if (level === undefined) throw notConfigured(line);
    return { compatibilityLevel: level };
  }
  if (head === "mode") {
    if (method === "PUT") return { mode: await registry.setMode(body?.["mode"] as RegistryMode, a) };
    return { mode: await registry.getMode(a) };
  }
  throw new Error(`fake registry: no route for ${line}`);
}

// Confluent's answer for a subject without a level of its own.
function notConfigured(line: string): Error {
  return new RegistryRejectedError({ method: "GET", url: line, status: 404, registryErrorCode: 40408 }, "subject has no compatibility level");
}
