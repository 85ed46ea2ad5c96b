import { describe, expect, it } from "vitest";
import { registryTarget } from "../../../../codegen/registry/registry-target.js";
import { ConfigError } from "../../../../src/errors/index.js";

describe("registryTarget", () => {
  it("takes the flag, else the config, else SCHEMA_REGISTRY_URL; none at all is undefined", async () => {
    const env = { SCHEMA_REGISTRY_URL: "http://env:1/e" };
    const shown = (flag: string | undefined, config: string | undefined, vars: Record<string, string>) => {
      const target = registryTarget({ flag, config, env: vars });
      void target?.client.close();
      return target?.shown;
    };
    expect(shown("http://flag:1/f", "http://config:1/c", env)).toBe("http://flag:1/f");
    expect(shown(undefined, "http://config:1/c", env)).toBe("http://config:1/c");
    expect(shown(undefined, undefined, env)).toBe("http://env:1/e");
    expect(shown(undefined, undefined, { SCHEMA_REGISTRY_URL: "" })).toBeUndefined();
  });

  it("shows the URL without its userinfo", async () => {
    const target = registryTarget({ flag: "http://alice:pa55@host:8081/apis/ccompat/v7/", config: undefined, env: {} });
    expect(target?.shown).toBe("http://host:8081/apis/ccompat/v7");
    await target?.client.close();
  });

  it("refuses a password without a user, and never echoes a malformed URL's credentials", () => {
    expect(() =>
      registryTarget({ flag: "http://host:1", config: undefined, env: { SCHEMA_REGISTRY_PASSWORD: "pa55word" } }),
    ).toThrow(/SCHEMA_REGISTRY_USER/);
    let caught: unknown;
    try {
      registryTarget({ flag: "http://alice:pa55word@[bad", config: undefined, env: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect(JSON.stringify({ message: (caught as Error).message, ...(caught as object) })).not.toMatch(/pa55word/);
  });
});
