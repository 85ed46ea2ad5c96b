import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors/index.js";
import { REGISTRY_DEFAULTS, resolveRegistryOptions } from "../../../src/registry/registry-options.js";

describe("resolveRegistryOptions", () => {
  it("fills the defaults and splits each URL into origin and base path", () => {
    expect(resolveRegistryOptions({ url: "http://h:8081/apis/ccompat/v7/", urls: ["https://b"] })).toMatchObject({
      endpoints: [
        { origin: "http://h:8081", basePath: "/apis/ccompat/v7" },
        { origin: "https://b", basePath: "" },
      ],
      ...REGISTRY_DEFAULTS,
    });
  });

  it("turns userinfo into basic auth and keeps it out of the endpoints", () => {
    const resolved = resolveRegistryOptions({ url: "http://u%40x:p%3Aw@h:8081" });
    expect(resolved.auth).toEqual({ basic: { username: "u@x", password: "p:w" } });
    expect(JSON.stringify(resolved.endpoints)).not.toContain("p:w");
  });

  it.each([
    [{}, "url"],
    [{ url: "ftp://h" }, "url"],
    [{ url: "http://h", urls: ["http://b", "ftp://c"] }, "urls[1]"],
    [{ urls: ["ftp://c"] }, "urls[0]"],
    [{ url: "http://h", requestTimeoutMs: 0 }, "requestTimeoutMs"],
    [{ url: "http://h", retries: -1 }, "retries"],
  ])("names the bad option in %j", (options, option) => {
    expect(() => resolveRegistryOptions(options)).toThrow(ConfigError);
    expect(() => resolveRegistryOptions(options)).toThrow(`invalid option "${option}"`);
  });

  it("never echoes an unparsable URL, which may hold a password", () => {
    expect(() => resolveRegistryOptions({ url: "http://user:hunter2@[bad" })).toThrow(/an unparsable URL/);
    expect(() => resolveRegistryOptions({ url: "http://user:hunter2@[bad" })).not.toThrow(/hunter2/);
  });
});
