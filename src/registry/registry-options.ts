import { ConfigError } from "../errors/index.js";

export type RegistryAuth =
  | { readonly basic: { readonly username: string; readonly password: string } }
  /** A static token, or a function asked before every request (for tokens that expire). */
  | { readonly bearer: string | (() => string | Promise<string>) };

export interface RegistryTlsOptions {
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  /** Default true; false accepts any server certificate (tests only). */
  readonly rejectUnauthorized?: boolean;
}

export interface SchemaRegistryOptions {
  /** Base URL of the Confluent REST API, e.g. http://host:8081. Userinfo in it becomes basic auth. */
  readonly url?: string;
  /** Several base URLs, tried in order: a request that cannot be answered moves on to the next. */
  readonly urls?: readonly string[];
  readonly auth?: RegistryAuth;
  readonly tls?: RegistryTlsOptions;
  /** Extra headers on every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Time for one HTTP request, headers and body; default 10,000 ms. */
  readonly requestTimeoutMs?: number;
  /** Further attempts per URL on retriable failures (network, 408, 425, 429, 5xx); default 3. */
  readonly retries?: number;
  /** First backoff ceiling, doubled per attempt (full jitter); default 100 ms. */
  readonly retryInitialDelayMs?: number;
  /** Largest backoff ceiling; default 2,000 ms. */
  readonly retryMaxDelayMs?: number;
  /**
   * How long a "not found" answer (unknown id, subject, version or schema) is remembered, so a burst of
   * records for a missing schema makes one request; default 5,000 ms, 0 turns it off.
   */
  readonly negativeCacheTtlMs?: number;
}

export const REGISTRY_DEFAULTS = Object.freeze({
  requestTimeoutMs: 10_000,
  retries: 3,
  retryInitialDelayMs: 100,
  retryMaxDelayMs: 2_000,
  negativeCacheTtlMs: 5_000,
});

/** One base URL with its credentials taken out. */
export interface RegistryEndpoint {
  /** Scheme, host and port. */
  readonly origin: string;
  /** Path prefix without a trailing slash ("" or "/apis/ccompat/v7"). */
  readonly basePath: string;
}

export interface ResolvedRegistryOptions {
  readonly endpoints: readonly RegistryEndpoint[];
  readonly auth: RegistryAuth | undefined;
  readonly tls: RegistryTlsOptions | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly requestTimeoutMs: number;
  readonly retries: number;
  readonly retryInitialDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly negativeCacheTtlMs: number;
}

export function resolveRegistryOptions(options: SchemaRegistryOptions): ResolvedRegistryOptions {
  const urls = [...(options.url === undefined ? [] : [options.url]), ...(options.urls ?? [])];
  if (urls.length === 0) throw new ConfigError("url", "a registry base URL (url or urls)", undefined);
  let auth = options.auth;
  const endpoints = urls.map((raw, index) => {
    // `url` comes first when given, so urls[i] sits at index i + 1.
    const optionPath = options.url === undefined ? `urls[${index}]` : index === 0 ? "url" : `urls[${index - 1}]`;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch (cause) {
      // The raw text may hold credentials: never echo it.
      throw new ConfigError(optionPath, "an http(s) URL", "an unparsable URL", { cause });
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new ConfigError(optionPath, "an http(s) URL", parsed.protocol);
    }
    if (parsed.username !== "" && auth === undefined) {
      auth = { basic: { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) } };
    }
    return { origin: parsed.origin, basePath: parsed.pathname.replace(/\/+$/, "") };
  });
  return {
    endpoints,
    auth,
    tls: options.tls,
    headers: options.headers ?? {},
    requestTimeoutMs: positive("requestTimeoutMs", options.requestTimeoutMs ?? REGISTRY_DEFAULTS.requestTimeoutMs),
    retries: atLeastZero("retries", options.retries ?? REGISTRY_DEFAULTS.retries),
    retryInitialDelayMs: atLeastZero("retryInitialDelayMs", options.retryInitialDelayMs ?? REGISTRY_DEFAULTS.retryInitialDelayMs),
    retryMaxDelayMs: atLeastZero("retryMaxDelayMs", options.retryMaxDelayMs ?? REGISTRY_DEFAULTS.retryMaxDelayMs),
    negativeCacheTtlMs: atLeastZero("negativeCacheTtlMs", options.negativeCacheTtlMs ?? REGISTRY_DEFAULTS.negativeCacheTtlMs),
  };
}

function positive(option: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(option, "a number > 0", value);
  return value;
}

function atLeastZero(option: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new ConfigError(option, "a number >= 0", value);
  return value;
}
