import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors/index.js";
import {
  REGISTRY_DEFAULTS,
  resolveRegistryCacheOptions,
  resolveRegistryOptions,
  type SchemaRegistryOptions,
} from "../../../src/registry/registry-options.js";

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("resolveRegistryOptions", () => {
  it("fills the defaults and splits each URL into origin and base path", () => {
    const { endpoints, ...rest } = resolveRegistryOptions({ urls: ["http://h:8081/apis/ccompat/v7/", "https://b"] });
    expect(endpoints).toEqual([
      { origin: "http://h:8081", basePath: "/apis/ccompat/v7", auth: undefined },
      { origin: "https://b", basePath: "", auth: undefined },
    ]);
    expect(rest).toEqual({ ...REGISTRY_DEFAULTS, tls: undefined, headers: {} });
    expect(Object.isFrozen(REGISTRY_DEFAULTS)).toBe(true);
  });

  it("turns each URL's userinfo into basic auth for that URL only, and keeps it out of the endpoint", () => {
    const { endpoints } = resolveRegistryOptions({
      urls: ["http://u%40x:p%3Aw@a:8081", "http://b:8081", "http://v:q@c"],
    });
    expect(endpoints.map((e) => e.auth)).toEqual([
      { basic: { username: "u@x", password: "p:w" } },
      undefined,
      { basic: { username: "v", password: "q" } },
    ]);
    expect(endpoints.map((e) => e.origin + e.basePath)).toEqual(["http://a:8081", "http://b:8081", "http://c"]);
  });

  it("gives the auth option to every URL", () => {
    const auth = { bearer: () => "t" };
    expect(resolveRegistryOptions({ urls: ["http://a", "http://b"], auth }).endpoints.map((e) => e.auth)).toEqual([
      auth,
      auth,
    ]);
  });

  it("lower-cases header names", () => {
    expect(resolveRegistryOptions({ url: "http://h", headers: { "X-Tenant": "t1" } }).headers).toEqual({
      "x-tenant": "t1",
    });
  });

  it.each<[string, SchemaRegistryOptions, string]>([
    ["no URL", {}, "url"],
    ["both url and urls", { url: "http://a", urls: ["http://b"] }, "urls"],
    ["an empty urls", { urls: [] }, "urls"],
    ["a non-http scheme", { url: "ftp://h" }, "url"],
    ["a bad second URL", { urls: ["http://b", "ftp://c"] }, "urls[1]"],
    ["a URL with a query", { url: "http://h/?x=1" }, "url"],
    ["userinfo next to auth", { urls: ["http://a", "http://u:p@b"], auth: { bearer: "t" } }, "urls[1]"],
    ["an auth with neither kind", { url: "http://h", auth: {} as never }, "auth"],
    [
      "a basic username with ':'",
      { url: "http://h", auth: { basic: { username: "a:b", password: "p" } } },
      "auth.basic.username",
    ],
    [
      "a missing basic password",
      { url: "http://h", auth: { basic: { username: "a" } } as never },
      "auth.basic.password",
    ],
    ["an empty bearer token", { url: "http://h", auth: { bearer: "" } }, "auth.bearer"],
    ["a bearer token with a line break", { url: "http://h", auth: { bearer: "t\r\nX-Evil: 1" } }, "auth.bearer"],
    ["tls with only http URLs", { url: "http://h", tls: { rejectUnauthorized: false } }, "tls"],
    ["a cert without its key", { url: "https://h", tls: { cert: "PEM" } }, "tls.key"],
    [
      "a non-boolean rejectUnauthorized",
      { url: "https://h", tls: { rejectUnauthorized: "no" as never } },
      "tls.rejectUnauthorized",
    ],
    [
      "an Authorization header next to auth",
      { url: "http://u:p@h", headers: { Authorization: "x" } },
      "headers.Authorization",
    ],
    ["a header value with a line break", { url: "http://h", headers: { "x-a": "1\r\nx-b: 2" } }, "headers.x-a"],
    ["a zero timeout", { url: "http://h", requestTimeoutMs: 0 }, "requestTimeoutMs"],
    ["fractional retries", { url: "http://h", retries: 1.5 }, "retries"],
    ["negative retries", { url: "http://h", retries: -1 }, "retries"],
    [
      "a max delay below the initial one",
      { url: "http://h", retryInitialDelayMs: 500, retryMaxDelayMs: 100 },
      "retryMaxDelayMs",
    ],
    ["a negative miss TTL", { url: "http://h", negativeCacheTtlMs: -1 }, "negativeCacheTtlMs"],
    ["an endless miss TTL", { url: "http://h", negativeCacheTtlMs: Infinity }, "negativeCacheTtlMs"],
    ["a NaN latest TTL", { url: "http://h", latestCacheTtlMs: NaN }, "latestCacheTtlMs"],
  ])("names the option for %s", (_case, options, option) => {
    expect(configError(() => resolveRegistryOptions(options)).option).toBe(option);
  });

  it("never echoes a credential in a ConfigError", () => {
    const cases: SchemaRegistryOptions[] = [
      { url: "http://user:hunter2@[bad" },
      { url: "http://user:hunter2@h", auth: { bearer: "s3cr3t-token" } },
      { url: "http://h", auth: { bearer: "s3cr3t-token\n" } },
      { url: "http://h", auth: "s3cr3t-token" as never },
      { url: "http://h", auth: { basic: { username: "hunter2:x", password: "hunter2" } } },
      { url: "http://h", auth: { basic: { username: "u", password: 123_456 as never } } },
      { url: "https://h", tls: { cert: "PEM", key: 42 as never } },
    ];
    for (const options of cases) {
      const error = configError(() => resolveRegistryOptions(options));
      expect(`${error.message} ${JSON.stringify(error.toJSON())}`).not.toMatch(/hunter2|s3cr3t|123456|42/);
    }
  });

  it("accepts Infinity as the latest TTL (no expiry) and 0 to turn caches off", () => {
    expect(resolveRegistryCacheOptions({ latestCacheTtlMs: Infinity, negativeCacheTtlMs: 0 })).toEqual({
      latestCacheTtlMs: Infinity,
      negativeCacheTtlMs: 0,
    });
  });
});
