import { channel } from "node:diagnostics_channel";
import type { Pool } from "undici";
import { MemoPromise } from "../internal/memo-promise.js";
import {
  RegistryRejectedError,
  RegistryUnavailableError,
  SchemaIncompatibleError,
  type RegistryErrorContext,
} from "../errors/index.js";
import { SYSTEM_CLOCK, type Clock } from "../internal/clock.js";
import { redact, truncate } from "../internal/redact.js";
import { retry, type RetryPolicy } from "../internal/retry.js";
import type {
  CompatibilityCheckOptions,
  CompatibilityLevel,
  CompatibilityResult,
  DeleteOptions,
  LookupOptions,
  RegisterOptions,
  RegistryClient,
  RegistryMode,
  SchemaInput,
  SchemaReference,
  SchemaType,
  StoredSchema,
  SubjectVersion,
  VersionSelector,
} from "./registry-client.js";
import {
  checkBearerToken,
  resolveRegistryOptions,
  type RegistryAuth,
  type RegistryEndpoint,
  type ResolvedRegistryOptions,
  type SchemaRegistryOptions,
} from "./registry-options.js";

const CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
// What Confluent's Java client accepts: registries and proxies that answer plain JSON work too.
const ACCEPT = `${CONTENT_TYPE}, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5`;
// Keep-alive connections per base URL: enough for bursts of distinct look-ups, few enough that a
// burst of first deserializations does not open hundreds of sockets to the registry.
const CONNECTIONS_PER_URL = 8;
// GET /config/{subject}: Confluent's "no level of its own" (40408), and "no such subject" (40401, what
// Apicurio 3.3.3 answers for a subject it does not know). Both mean: no level of its own.
const NO_SUBJECT_LEVEL = new Set([40408, 40401]);
// A registry's error message is kept up to this length in the error: enough for any real one.
const MAX_DETAIL_CHARS = 2_000;

type Method = "GET" | "POST" | "PUT" | "DELETE";

/** What a call is about, for error context; method, url and status are added per request. */
type CallContext = Pick<RegistryErrorContext, "subject" | "version" | "schemaId">;

/** Reads a 2xx answer into the typed result; throws UnexpectedAnswer when it has another shape. */
type Reader<T> = (json: unknown) => T;

class UnexpectedAnswer extends Error {}

export interface HttpRegistryClientDependencies {
  /** Drives the retry backoff; tests pass a fake. */
  readonly clock?: Clock;
  /** Jitter source in [0, 1), default Math.random. */
  readonly random?: () => number;
}

/** Every registry call attempt is published here, for logs and metrics without a hook. */
export const REGISTRY_CHANNEL = "schemakit:registry";
const registryCalls = channel(REGISTRY_CHANNEL);

/**
 * A stateless client of the Confluent Schema Registry REST API (no caching: SchemaRegistry adds that),
 * on one undici keep-alive Pool per base URL. Retriable failures (network errors, timeouts, 408, 425,
 * 429, 5xx) are retried on the same URL with full-jitter exponential backoff, then the next URL is tried.
 * Answers are checked and normalised: a missing `schemaType` is AVRO, missing `references` and
 * `messages` are empty. Errors name the method and the URL without userinfo or query, never a credential.
 */
export class HttpRegistryClient implements RegistryClient {
  readonly #options: ResolvedRegistryOptions;
  // Made on the first call: importing schemakit does not load undici (about a hundred modules).
  readonly #pools = new MemoPromise(() => this.#createPools());
  /** Precomputed Basic headers, per endpoint (undefined: none, or bearer). */
  readonly #basic: readonly (string | undefined)[];
  readonly #clock: Clock;
  readonly #policy: RetryPolicy;
  /**
   * The URL that answered last: calls start there, as Java's UrlList does, so a dead first URL costs its
   * retries once instead of on every call.
   */
  #preferred = 0;
  #closed = false;

  constructor(options: SchemaRegistryOptions, dependencies: HttpRegistryClientDependencies = {}) {
    this.#options = resolveRegistryOptions(options);
    this.#clock = dependencies.clock ?? SYSTEM_CLOCK;
    this.#policy = {
      retries: this.#options.retries,
      initialDelayMs: this.#options.retryInitialDelayMs,
      maxDelayMs: this.#options.retryMaxDelayMs,
      jitter: dependencies.random ?? Math.random,
      // After close() nothing is retried: the pools are gone.
      isRetriable: (error) => error instanceof RegistryUnavailableError && !this.#closed,
    };
    this.#basic = this.#options.endpoints.map((endpoint) => basicHeader(endpoint.auth));
  }

  register(subject: string, schema: SchemaInput, options: RegisterOptions = {}): Promise<number> {
    const path = `${subjectPath(subject)}/versions${query({ normalize: options.normalize })}`;
    return this.#call("POST", path, { subject }, readId, body(schema));
  }

  lookup(subject: string, schema: SchemaInput, options: LookupOptions = {}): Promise<SubjectVersion> {
    const path = `${subjectPath(subject)}${query({ normalize: options.normalize, deleted: options.deleted })}`;
    return this.#call("POST", path, { subject }, readSubjectVersion(subject), body(schema));
  }

  getById(id: number): Promise<StoredSchema> {
    return this.#call("GET", `/schemas/ids/${segment(id)}`, { schemaId: id }, (json) => readStored(json, id));
  }

  getSubjectsById(id: number): Promise<readonly string[]> {
    return this.#call("GET", `/schemas/ids/${segment(id)}/subjects`, { schemaId: id }, readArrayOf("string"));
  }

  getSubjects(): Promise<readonly string[]> {
    return this.#call("GET", "/subjects", {}, readArrayOf("string"));
  }

  getVersions(subject: string): Promise<readonly number[]> {
    return this.#call("GET", `${subjectPath(subject)}/versions`, { subject }, readArrayOf("number"));
  }

  getVersion(subject: string, version: VersionSelector): Promise<SubjectVersion> {
    return this.#call(
      "GET",
      `${subjectPath(subject)}/versions/${segment(version)}`,
      { subject, version },
      readSubjectVersion(subject),
    );
  }

  deleteSubject(subject: string, options: DeleteOptions = {}): Promise<readonly number[]> {
    const path = `${subjectPath(subject)}${query({ permanent: options.permanent })}`;
    return this.#call("DELETE", path, { subject }, readArrayOf("number"));
  }

  deleteVersion(subject: string, version: VersionSelector, options: DeleteOptions = {}): Promise<number> {
    const path = `${subjectPath(subject)}/versions/${segment(version)}${query({ permanent: options.permanent })}`;
    return this.#call("DELETE", path, { subject, version }, readNumber);
  }

  checkCompatibility(
    subject: string,
    schema: SchemaInput,
    options: CompatibilityCheckOptions = {},
  ): Promise<CompatibilityResult> {
    const version = options.version ?? "latest";
    // Without a version in the path, Confluent checks against every version.
    const versions = version === "all" ? "versions" : `versions/${segment(version)}`;
    const path = `/compatibility${subjectPath(subject)}/${versions}${query({ verbose: options.verbose ?? true })}`;
    return this.#call("POST", path, { subject, version }, readCompatibility, body(schema));
  }

  async getCompatibility(subject?: string): Promise<CompatibilityLevel | undefined> {
    // No defaultToGlobal: a subject without a level of its own must answer undefined. Confluent then
    // answers 404 / 40408; Apicurio 3.3.3 answers the global level instead (200), so there a subject
    // "has" the global level, and for a subject it does not know it answers 404 / 40401.
    try {
      return await this.#call("GET", configPath("/config", subject), subjectContext(subject), readLevel);
    } catch (error) {
      if (
        subject !== undefined &&
        error instanceof RegistryRejectedError &&
        error.registryErrorCode !== undefined &&
        NO_SUBJECT_LEVEL.has(error.registryErrorCode)
      ) {
        return undefined;
      }
      throw error;
    }
  }

  setCompatibility(level: CompatibilityLevel, subject?: string): Promise<CompatibilityLevel> {
    return this.#call("PUT", configPath("/config", subject), subjectContext(subject), readLevel, {
      compatibility: level,
    });
  }

  getMode(subject?: string): Promise<RegistryMode> {
    // defaultToGlobal: Confluent answers 40409 for a subject without a mode of its own otherwise.
    // Apicurio ignores the parameter and always answers the effective mode.
    const path = subject === undefined ? "/mode" : `${configPath("/mode", subject)}${query({ defaultToGlobal: true })}`;
    return this.#call("GET", path, subjectContext(subject), readMode);
  }

  setMode(mode: RegistryMode, subject?: string): Promise<RegistryMode> {
    return this.#call("PUT", configPath("/mode", subject), subjectContext(subject), readMode, { mode });
  }

  /**
   * Destroys the keep-alive pools: a closed client must not keep the process alive, so calls in flight
   * fail with RegistryUnavailableError instead of being waited for, and later calls fail at once.
   */
  async close(): Promise<void> {
    this.#closed = true;
    const pools = await this.#pools.peek()?.catch(() => []);
    await Promise.all((pools ?? []).map((pool) => pool.destroy()));
  }

  async #createPools(): Promise<readonly Pool[]> {
    const { Pool } = await import("undici");
    const connect = { timeout: this.#options.requestTimeoutMs, ...tlsConnectOptions(this.#options) };
    return this.#options.endpoints.map(
      (endpoint) =>
        new Pool(endpoint.origin, {
          connections: CONNECTIONS_PER_URL,
          connect,
          headersTimeout: this.#options.requestTimeoutMs,
          bodyTimeout: this.#options.requestTimeoutMs,
        }),
    );
  }

  async #call<T>(method: Method, path: string, context: CallContext, read: Reader<T>, payload?: unknown): Promise<T> {
    const count = this.#options.endpoints.length;
    const first = this.#preferred;
    if (this.#closed)
      throw new RegistryUnavailableError(this.#where(first, method, path, context), "the client is closed");
    let unavailable: unknown;
    for (let step = 0; step < count; step += 1) {
      const index = (first + step) % count;
      try {
        const answer = await retry(
          () => this.#request(index, method, path, context, read, payload),
          this.#policy,
          this.#clock,
        );
        this.#preferred = index;
        return answer;
      } catch (error) {
        if (!(error instanceof RegistryUnavailableError)) {
          // It answered, with a refusal: it is alive.
          if (error instanceof RegistryRejectedError || error instanceof SchemaIncompatibleError)
            this.#preferred = index;
          throw error;
        }
        if (this.#closed) throw error;
        unavailable = error;
      }
    }
    throw unavailable;
  }

  // Each attempt is published on REGISTRY_CHANNEL (when someone listens): method, URL without userinfo
  // or query, subject or id, status, duration, and the typed error if it failed. Never a header or a body.
  async #request<T>(
    index: number,
    method: Method,
    path: string,
    context: CallContext,
    read: Reader<T>,
    payload: unknown,
  ): Promise<T> {
    if (!registryCalls.hasSubscribers) return this.#requestOnce(index, method, path, context, read, payload);
    const started = performance.now();
    const publish = (error: unknown): void => {
      const where = this.#where(index, method, path, context);
      const status = (error as { status?: unknown } | undefined)?.status;
      registryCalls.publish({ ...where, status, durationMs: performance.now() - started, error });
    };
    try {
      const result = await this.#requestOnce(index, method, path, context, read, payload);
      publish(undefined);
      return result;
    } catch (error) {
      publish(error);
      throw error;
    }
  }

  async #requestOnce<T>(
    index: number,
    method: Method,
    path: string,
    context: CallContext,
    read: Reader<T>,
    payload: unknown,
  ): Promise<T> {
    const endpoint = this.#endpoint(index);
    const pool = (await this.#pools.get())[index];
    const where = this.#where(index, method, path, context);
    if (pool === undefined) throw new RangeError(`no registry endpoint ${index}`);
    const headers = await this.#headers(index, endpoint.auth, payload !== undefined, where);
    // One limit for the whole attempt: undici's own timeouts are per phase and coarse (about 1 s).
    const signal = AbortSignal.timeout(this.#options.requestTimeoutMs);
    let status: number;
    let text: string;
    try {
      const response = await pool.request({
        method,
        path: endpoint.basePath + path,
        headers,
        signal,
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (cause) {
      const detail = signal.aborted
        ? `no answer within ${this.#options.requestTimeoutMs} ms`
        : `no answer: ${truncate(redact(describe(cause), sentSecrets(headers, endpoint.auth)), MAX_DETAIL_CHARS)}`;
      throw new RegistryUnavailableError(where, detail, { cause });
    }
    const json = parseJson(text);
    if (status >= 200 && status < 300) {
      try {
        return read(json);
      } catch (error) {
        if (!(error instanceof UnexpectedAnswer)) throw error;
        // Not the registry API (a proxy page, a wrong base path): another URL may do better.
        throw new RegistryUnavailableError({ ...where, status }, `unexpected answer: expected ${error.message}`);
      }
    }
    const { error_code: errorCode, message } = (typeof json === "object" && json !== null ? json : {}) as {
      error_code?: unknown;
      message?: unknown;
    };
    const failure: RegistryErrorContext = {
      ...where,
      status,
      ...(Number.isInteger(errorCode) ? { registryErrorCode: errorCode as number } : {}),
    };
    // Only the registry's own `message`: a raw body (a proxy's error page) may echo request headers. The
    // message may echo them too, so what this request sent as credentials is taken out of it.
    const detail =
      typeof message === "string"
        ? truncate(redact(message, sentSecrets(headers, endpoint.auth)), MAX_DETAIL_CHARS)
        : `HTTP ${status}`;
    if (isIncompatibility(status, failure.registryErrorCode)) throw new SchemaIncompatibleError(failure, detail);
    if (isRetriableStatus(status)) throw new RegistryUnavailableError(failure, detail);
    throw new RegistryRejectedError(failure, detail);
  }

  async #headers(
    index: number,
    auth: RegistryAuth | undefined,
    withBody: boolean,
    where: RegistryErrorContext,
  ): Promise<Record<string, string>> {
    const headers: Record<string, string> = { ...this.#options.headers, accept: ACCEPT };
    if (withBody) headers["content-type"] = CONTENT_TYPE;
    const basic = this.#basic[index];
    if (basic !== undefined) {
      headers["authorization"] = basic;
    } else if (auth !== undefined && "bearer" in auth) {
      let token: unknown = auth.bearer;
      if (typeof auth.bearer === "function") {
        try {
          token = await auth.bearer();
        } catch (cause) {
          // Token endpoints fail transiently too: retried like a network failure.
          throw new RegistryUnavailableError(where, "the bearer token function failed", { cause });
        }
      }
      headers["authorization"] = `Bearer ${checkBearerToken(token)}`;
    }
    return headers;
  }

  #endpoint(index: number): RegistryEndpoint {
    const endpoint = this.#options.endpoints[index];
    if (endpoint === undefined) throw new RangeError(`no registry endpoint ${index}`);
    return endpoint;
  }

  /** Error context: origin (never userinfo) + base path + path without its query. */
  #where(index: number, method: Method, path: string, context: CallContext): RegistryErrorContext {
    const endpoint = this.#endpoint(index);
    const queryAt = path.indexOf("?");
    return {
      method,
      url: endpoint.origin + endpoint.basePath + (queryAt === -1 ? path : path.slice(0, queryAt)),
      ...context,
    };
  }
}

function tlsConnectOptions(options: ResolvedRegistryOptions): Record<string, unknown> {
  const tls = options.tls;
  if (tls === undefined) return {};
  const connect: Record<string, unknown> = {};
  if (tls.ca !== undefined) connect["ca"] = Array.isArray(tls.ca) ? [...tls.ca] : tls.ca;
  if (tls.cert !== undefined) connect["cert"] = tls.cert;
  if (tls.key !== undefined) connect["key"] = tls.key;
  if (tls.passphrase !== undefined) connect["passphrase"] = tls.passphrase;
  if (tls.rejectUnauthorized !== undefined) connect["rejectUnauthorized"] = tls.rejectUnauthorized;
  return connect;
}

/**
 * The credentials one request carried: every header value but the content negotiation ones (extra
 * headers may be API keys), the credential part of Authorization alone, and the basic password as typed.
 */
function sentSecrets(headers: Readonly<Record<string, string>>, auth: RegistryAuth | undefined): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (name === "accept" || name === "content-type") continue;
    secrets.push(value);
    if (name === "authorization") secrets.push(value.replace(/^\S+\s+/, ""));
  }
  if (auth !== undefined && "basic" in auth) {
    secrets.push(auth.basic.password, encodeURIComponent(auth.basic.password));
  }
  return secrets;
}

function basicHeader(auth: RegistryAuth | undefined): string | undefined {
  if (auth === undefined || !("basic" in auth)) return undefined;
  return `Basic ${Buffer.from(`${auth.basic.username}:${auth.basic.password}`, "utf8").toString("base64")}`;
}

/**
 * HTTP 409 is an incompatible schema (Confluent error_code 409 or 40901), the design's "any 409". Two
 * kinds of 409 are conflicts of another sort and stay RegistryRejectedError: Apicurio 3.3.3 answers
 * "soft delete first" (40405, 40407; Confluent sends those with 404) with 409, and Confluent 8 answers
 * association conflicts (40902-40908) with 409.
 */
function isIncompatibility(status: number, errorCode: number | undefined): boolean {
  if (status !== 409) return false;
  if (errorCode === undefined || errorCode === 409 || errorCode === 40901) return true;
  const family = Math.floor(errorCode / 100);
  return family !== 404 && family !== 409;
}

/** Worth another try: no answer yet, or the registry says "later" (Java retries 408, 429, 500-504). */
function isRetriableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

function subjectPath(subject: string): string {
  // encodeURIComponent turns "/" into %2F: Protobuf import-path subjects ("a/b.proto") need it.
  return `/subjects/${encodeURIComponent(subject)}`;
}

function configPath(root: "/config" | "/mode", subject: string | undefined): string {
  return subject === undefined ? root : `${root}/${encodeURIComponent(subject)}`;
}

function subjectContext(subject: string | undefined): CallContext {
  return subject === undefined ? {} : { subject };
}

/** Ids and versions arrive typed, but from JavaScript callers too: never let one change the path. */
function segment(value: number | string): string {
  return encodeURIComponent(String(value));
}

function query(parameters: Record<string, boolean | undefined>): string {
  const set = Object.entries(parameters).filter(([, value]) => value !== undefined);
  return set.length === 0 ? "" : `?${set.map(([key, value]) => `${key}=${String(value)}`).join("&")}`;
}

function body(schema: SchemaInput): Record<string, unknown> {
  return {
    schema: schema.schema,
    // Omitted for Avro, as Confluent's own clients do.
    ...(schema.schemaType === undefined || schema.schemaType === "AVRO" ? {} : { schemaType: schema.schemaType }),
    ...(schema.references === undefined || schema.references.length === 0 ? {} : { references: schema.references }),
  };
}

function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === "string" ? `${code} ${cause.message}` : cause.message;
  }
  return String(cause);
}

// Readers of 2xx answers. Each message completes "unexpected answer: expected ...".

function objectOf(json: unknown, expected: string): Record<string, unknown> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new UnexpectedAnswer(expected);
  return json as Record<string, unknown>;
}

function isId(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

function readId(json: unknown): number {
  const id = objectOf(json, 'an object with an integer "id"')["id"];
  if (!isId(id)) throw new UnexpectedAnswer('an object with an integer "id"');
  return id;
}

function readNumber(json: unknown): number {
  if (!isId(json)) throw new UnexpectedAnswer("a version number");
  return json;
}

function readArrayOf(type: "string"): Reader<readonly string[]>;
function readArrayOf(type: "number"): Reader<readonly number[]>;
function readArrayOf(type: "string" | "number"): Reader<readonly (string | number)[]> {
  return (json) => {
    if (!Array.isArray(json) || !json.every((item) => typeof item === type))
      throw new UnexpectedAnswer(`an array of ${type}s`);
    return json as (string | number)[];
  };
}

function readStored(json: unknown, id: number): StoredSchema {
  const answer = objectOf(json, 'an object with a "schema" string');
  if (typeof answer["schema"] !== "string") throw new UnexpectedAnswer('an object with a "schema" string');
  const references = answer["references"] ?? [];
  if (!Array.isArray(references) || !references.every(isReference))
    throw new UnexpectedAnswer('"references" as {name, subject, version} objects');
  return {
    id: isId(answer["id"]) ? answer["id"] : id,
    schema: answer["schema"],
    // Confluent and Apicurio leave both out for Avro (Apicurio's v8 API answers `references: []`).
    schemaType: typeof answer["schemaType"] === "string" ? (answer["schemaType"] as SchemaType) : "AVRO",
    references: references.map(({ name, subject, version }) => ({ name, subject, version })),
  };
}

function readSubjectVersion(subject: string): Reader<SubjectVersion> {
  return (json) => {
    const answer = objectOf(json, "a subject version");
    const { id, version } = answer;
    if (!isId(id) || !isId(version)) throw new UnexpectedAnswer('a subject version with integer "id" and "version"');
    return {
      ...readStored(answer, id),
      subject: typeof answer["subject"] === "string" ? answer["subject"] : subject,
      version,
    };
  };
}

function isReference(value: unknown): value is SchemaReference {
  const reference = value as Partial<Record<keyof SchemaReference, unknown>> | null;
  return (
    typeof reference === "object" &&
    reference !== null &&
    typeof reference.name === "string" &&
    typeof reference.subject === "string" &&
    isId(reference.version)
  );
}

function readCompatibility(json: unknown): CompatibilityResult {
  const answer = objectOf(json, 'an object with "is_compatible"');
  const messages = answer["messages"] ?? [];
  if (typeof answer["is_compatible"] !== "boolean" || !Array.isArray(messages)) {
    throw new UnexpectedAnswer('{"is_compatible": boolean, "messages"?: array}');
  }
  // Confluent's reasons are strings; keep anything else readable rather than dropping it.
  return {
    isCompatible: answer["is_compatible"],
    messages: messages.map((m) => (typeof m === "string" ? m : JSON.stringify(m))),
  };
}

function readLevel(json: unknown): CompatibilityLevel {
  // GET answers `compatibilityLevel`, PUT answers `compatibility`.
  const answer = objectOf(json, "a compatibility level");
  const level = answer["compatibilityLevel"] ?? answer["compatibility"];
  if (typeof level !== "string") throw new UnexpectedAnswer('an object with "compatibilityLevel" or "compatibility"');
  return level as CompatibilityLevel;
}

function readMode(json: unknown): RegistryMode {
  const mode = objectOf(json, 'an object with "mode"')["mode"];
  if (typeof mode !== "string") throw new UnexpectedAnswer('an object with "mode"');
  return mode as RegistryMode;
}
