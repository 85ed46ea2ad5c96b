import { ConfigError } from "../errors/index.js";

/** A bearer token, or a function asked before every request (return a cached token; refresh it when it expires). */
export type BearerToken = string | (() => string | Promise<string>);

export type RegistryAuth =
  | { readonly basic: { readonly username: string; readonly password: string } }
  | { readonly bearer: BearerToken };

/** Passed to undici's TLS connect options; applies to https URLs. */
export interface RegistryTlsOptions {
  /** Certificate authorities to trust instead of Node's bundled ones (PEM). */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Client certificate (PEM) for mutual TLS; needs `key`. */
  readonly cert?: string | Buffer;
  /** Private key (PEM) of `cert`. */
  readonly key?: string | Buffer;
  /** Passphrase of an encrypted `key`. */
  readonly passphrase?: string;
  /** Default true. false accepts any server certificate: for tests against self-signed registries only. */
  readonly rejectUnauthorized?: boolean;
}

/** What SchemaRegistry caches and for how long; see schema-registry.ts for what is kept for good. */
export interface RegistryCacheOptions {
  /**
   * How long a "not found" (40401 subject, 40402 version, 40403 schema) from getById, lookup or
   * getVersion is remembered, in ms, so a burst of records for a missing schema makes one request.
   * Default 5,000; 0 turns it off. Java keeps misses for missing.{id,version,schema}.cache.ttl.sec,
   * default 0 (off). A register under the subject, or of that id, forgets them at once.
   */
  readonly negativeCacheTtlMs?: number;
  /**
   * How long getVersion(subject, "latest") answers are kept, in ms. Default 60,000, as Java's
   * CachedSchemaRegistryClient (latest.cache.ttl.sec = 60; the serializers' own latest cache has no TTL).
   * 0 asks every time; Infinity keeps it until this client registers or deletes under the subject.
   * Versions registered by other clients are seen only after the TTL.
   */
  readonly latestCacheTtlMs?: number;
}

export interface SchemaRegistryOptions extends RegistryCacheOptions {
  /**
   * Base URL of the Confluent REST API, e.g. http://host:8081 or http://host:8080/apis/ccompat/v7.
   * Userinfo (http://user:password@host) becomes basic auth for this URL and is never shown again.
   * Give `url` or `urls`, not both.
   */
  readonly url?: string;
  /**
   * Several base URLs of one registry cluster. A call goes to the URL that answered last (the first at
   * start); when that one cannot answer after its retries (network error, timeout, 408, 425, 429,
   * 5xx), the next is tried, in order. Each URL's userinfo is its own basic auth.
   */
  readonly urls?: readonly string[];
  /** Basic or bearer auth for every URL; a URL with userinfo must not be combined with it. */
  readonly auth?: RegistryAuth;
  readonly tls?: RegistryTlsOptions;
  /** Extra headers on every request. No Authorization header when `auth` or userinfo is given. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Limit for one HTTP attempt, connect to last body byte, in ms; default 10,000. */
  readonly requestTimeoutMs?: number;
  /** Further attempts per URL on retriable failures (network, timeout, 408, 425, 429, 5xx); default 3. */
  readonly retries?: number;
  /** Backoff ceiling before the first retry, in ms, doubled per retry (full jitter); default 100. */
  readonly retryInitialDelayMs?: number;
  /** Largest backoff ceiling, in ms; default 2,000; at least retryInitialDelayMs. */
  readonly retryMaxDelayMs?: number;
}

export const REGISTRY_DEFAULTS = Object.freeze({
  requestTimeoutMs: 10_000,
  retries: 3,
  retryInitialDelayMs: 100,
  retryMaxDelayMs: 2_000,
  negativeCacheTtlMs: 5_000,
  latestCacheTtlMs: 60_000,
});

/** One base URL, its credentials taken out of it. */
export interface RegistryEndpoint {
  /** Scheme, host and port: what the connection pool is for. */
  readonly origin: string;
  /** Path prefix without a trailing slash ("" or "/apis/ccompat/v7"). */
  readonly basePath: string;
  /** This URL's userinfo as basic auth, else the `auth` option. */
  readonly auth: RegistryAuth | undefined;
}

export interface ResolvedRegistryCacheOptions {
  readonly negativeCacheTtlMs: number;
  readonly latestCacheTtlMs: number;
}

export interface ResolvedRegistryOptions extends ResolvedRegistryCacheOptions {
  readonly endpoints: readonly RegistryEndpoint[];
  readonly tls: RegistryTlsOptions | undefined;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly requestTimeoutMs: number;
  readonly retries: number;
  readonly retryInitialDelayMs: number;
  readonly retryMaxDelayMs: number;
}

/** Validates the options and fills in REGISTRY_DEFAULTS; throws ConfigError naming the first bad option. */
export function resolveRegistryOptions(options: SchemaRegistryOptions): ResolvedRegistryOptions {
  const auth = options.auth === undefined ? undefined : checkAuth(options.auth);
  const endpoints = urlsOf(options).map(({ raw, path }) => endpoint(raw, path, auth));
  const retryInitialDelayMs = atLeast(
    "retryInitialDelayMs",
    options.retryInitialDelayMs ?? REGISTRY_DEFAULTS.retryInitialDelayMs,
    0,
  );
  return {
    endpoints,
    tls: options.tls === undefined ? undefined : checkTls(options.tls, endpoints),
    headers: checkHeaders(
      options.headers ?? {},
      endpoints.some((e) => e.auth !== undefined),
    ),
    requestTimeoutMs: positive("requestTimeoutMs", options.requestTimeoutMs ?? REGISTRY_DEFAULTS.requestTimeoutMs),
    retries: count("retries", options.retries ?? REGISTRY_DEFAULTS.retries),
    retryInitialDelayMs,
    retryMaxDelayMs: atLeast(
      "retryMaxDelayMs",
      options.retryMaxDelayMs ?? REGISTRY_DEFAULTS.retryMaxDelayMs,
      retryInitialDelayMs,
      "retryInitialDelayMs",
    ),
    ...resolveRegistryCacheOptions(options),
  };
}

/** The cache half of resolveRegistryOptions, for a SchemaRegistry in front of a client it did not build. */
export function resolveRegistryCacheOptions(options: RegistryCacheOptions): ResolvedRegistryCacheOptions {
  const latestCacheTtlMs = options.latestCacheTtlMs ?? REGISTRY_DEFAULTS.latestCacheTtlMs;
  // Infinity is a meaningful latest TTL (until this client changes the subject); never for misses.
  if (Number.isNaN(latestCacheTtlMs) || !(latestCacheTtlMs >= 0)) {
    throw new ConfigError("latestCacheTtlMs", "a number >= 0 (Infinity: no expiry)", latestCacheTtlMs);
  }
  return {
    negativeCacheTtlMs: atLeast(
      "negativeCacheTtlMs",
      options.negativeCacheTtlMs ?? REGISTRY_DEFAULTS.negativeCacheTtlMs,
      0,
    ),
    latestCacheTtlMs,
  };
}

function urlsOf(options: SchemaRegistryOptions): { raw: unknown; path: string }[] {
  if (options.url !== undefined && options.urls !== undefined) {
    throw new ConfigError("urls", "either url or urls, not both", "both url and urls");
  }
  if (options.url !== undefined) return [{ raw: options.url, path: "url" }];
  if (options.urls === undefined) throw new ConfigError("url", "a registry base URL (url or urls)", undefined);
  if (!Array.isArray(options.urls) || options.urls.length === 0) {
    // A string here is most likely one URL, userinfo and all: described, never echoed.
    throw new ConfigError("urls", "a non-empty array of registry base URLs", typeOf(options.urls));
  }
  return options.urls.map((raw, index) => ({ raw, path: `urls[${index}]` }));
}

function endpoint(raw: unknown, path: string, auth: RegistryAuth | undefined): RegistryEndpoint {
  if (typeof raw !== "string") throw new ConfigError(path, "an http(s) URL string", typeOf(raw));
  // No cause: Node's TypeError keeps the whole text, password included, as its `input`.
  if (!URL.canParse(raw)) throw new ConfigError(path, "an http(s) URL", "an unparsable URL");
  const parsed = new URL(raw);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new ConfigError(path, "an http(s) URL", parsed.protocol);
  // Paths are appended to the base: a query or fragment in it would swallow them.
  if (parsed.search !== "" || parsed.hash !== "")
    throw new ConfigError(path, "a URL without query or fragment", "a URL with one");
  const hasUserinfo = parsed.username !== "" || parsed.password !== "";
  if (hasUserinfo && auth !== undefined) {
    throw new ConfigError(path, "a URL without userinfo when auth is given", "a URL with userinfo");
  }
  return {
    origin: parsed.origin,
    basePath: parsed.pathname.replace(/\/+$/, ""),
    auth: hasUserinfo
      ? { basic: { username: decodeUserinfo(parsed.username, path), password: decodeUserinfo(parsed.password, path) } }
      : auth,
  };
}

function decodeUserinfo(text: string, path: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A URIError, without cause: its text is a credential.
    throw new ConfigError(path, "a URL whose userinfo is valid percent-encoding", "a URL with malformed userinfo");
  }
}

// Values are described, never echoed: they are credentials.
function checkAuth(auth: RegistryAuth): RegistryAuth {
  const given = auth as Partial<Record<"basic" | "bearer", unknown>>;
  if (typeof auth !== "object" || auth === null || "basic" in given === "bearer" in given) {
    throw new ConfigError(
      "auth",
      "{ basic: { username, password } } or { bearer: token or function }",
      describeSecret(auth),
    );
  }
  if ("basic" in auth) {
    const { username, password } = (auth.basic ?? {}) as { username?: unknown; password?: unknown };
    // RFC 7617: the user-id cannot contain a colon.
    if (typeof username !== "string" || username === "" || username.includes(":")) {
      throw new ConfigError("auth.basic.username", "a non-empty string without ':'", describeSecret(username));
    }
    if (typeof password !== "string")
      throw new ConfigError("auth.basic.password", "a string", describeSecret(password));
    return auth;
  }
  if (typeof auth.bearer !== "function") checkBearerToken(auth.bearer);
  return auth;
}

/** A token must be a header value: non-empty, no line breaks (undici would refuse it, quoting it). */
export function checkBearerToken(token: unknown): string {
  if (typeof token !== "string" || token === "" || /[\r\n\0]/.test(token)) {
    throw new ConfigError(
      "auth.bearer",
      "a non-empty token without line breaks, or a function answering one",
      describeSecret(token),
    );
  }
  return token;
}

function describeSecret(value: unknown): string {
  if (typeof value !== "string") return value === null ? "null" : `a value of type ${typeof value}`;
  return value === "" ? "an empty string" : "an unusable string";
}

// What a value is, without any of its content (for options that may hold a key or a credential).
function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? `an object (${value.constructor?.name ?? "no prototype"})` : `a ${typeof value}`;
}

function checkTls(tls: RegistryTlsOptions, endpoints: readonly RegistryEndpoint[]): RegistryTlsOptions {
  if (typeof tls !== "object" || tls === null)
    throw new ConfigError("tls", "an object { ca, cert, key, passphrase, rejectUnauthorized }", typeOf(tls));
  // TLS options on plain http would give a false sense of security.
  if (!endpoints.some((e) => e.origin.startsWith("https:")))
    throw new ConfigError("tls", "at least one https URL", "only http URLs");
  const pem = (value: unknown): boolean => typeof value === "string" || Buffer.isBuffer(value);
  if (tls.ca !== undefined && !(pem(tls.ca) || (Array.isArray(tls.ca) && tls.ca.every(pem)))) {
    throw new ConfigError("tls.ca", "a PEM string or Buffer, or an array of them", typeOf(tls.ca));
  }
  if (tls.cert !== undefined && !pem(tls.cert))
    throw new ConfigError("tls.cert", "a PEM string or Buffer", typeOf(tls.cert));
  if (tls.key !== undefined && !pem(tls.key))
    throw new ConfigError("tls.key", "a PEM string or Buffer", "another type");
  if (tls.passphrase !== undefined && typeof tls.passphrase !== "string")
    throw new ConfigError("tls.passphrase", "a string", typeOf(tls.passphrase));
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new ConfigError(tls.cert === undefined ? "tls.cert" : "tls.key", "cert and key together", undefined);
  }
  if (tls.rejectUnauthorized !== undefined && typeof tls.rejectUnauthorized !== "boolean") {
    throw new ConfigError("tls.rejectUnauthorized", "a boolean", tls.rejectUnauthorized);
  }
  return tls;
}

function checkHeaders(
  headers: Readonly<Record<string, string>>,
  authenticated: boolean,
): Readonly<Record<string, string>> {
  if (typeof headers !== "object" || headers === null || Array.isArray(headers))
    throw new ConfigError("headers", "an object of header names to strings", typeOf(headers));
  const lowerCased: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    // RFC 9110 token characters; values without line breaks (header injection).
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new ConfigError("headers", "valid header names", name);
    if (typeof value !== "string" || /[\r\n\0]/.test(value))
      throw new ConfigError(`headers.${name}`, "a string without line breaks", typeof value);
    const lower = name.toLowerCase();
    if (lower === "authorization" && authenticated) {
      throw new ConfigError(
        `headers.${name}`,
        "no Authorization header when auth or URL userinfo is given",
        "an Authorization header",
      );
    }
    lowerCased[lower] = value;
  }
  return Object.freeze(lowerCased);
}

function positive(option: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
    throw new ConfigError(option, "a number > 0", value);
  return value;
}

function count(option: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new ConfigError(option, "an integer >= 0", value);
  return value;
}

function atLeast(option: string, value: number, minimum: number, minimumName = String(minimum)): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < minimum)
    throw new ConfigError(option, `a number >= ${minimumName}`, value);
  return value;
}
