import { ConfigError } from "../../src/errors/index.js";
import { HttpRegistryClient, resolveRegistryOptions, type SchemaRegistryOptions } from "../../src/registry/index.js";

/** Where the registry commands find the registry, and how they may show it. */
export interface RegistryTarget {
  readonly client: HttpRegistryClient;
  /** The base URL without userinfo: safe to print. */
  readonly shown: string;
}

/** Where a registry URL and credentials may come from, highest precedence first. */
export interface RegistrySources {
  /** `--registry URL`. */
  readonly flag: string | undefined;
  /** `registry` in schemakit.config.json. */
  readonly config: string | undefined;
  /** The environment: SCHEMA_REGISTRY_URL, SCHEMA_REGISTRY_USER, SCHEMA_REGISTRY_PASSWORD. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * The registry client of a command: the URL from the flag, else the config, else SCHEMA_REGISTRY_URL.
 * Basic auth comes from the URL's userinfo, or from SCHEMA_REGISTRY_USER and SCHEMA_REGISTRY_PASSWORD
 * (the environment keeps a password out of shell history, process lists and committed config files).
 * Returns undefined when no URL is given anywhere. Errors never hold the URL's credentials.
 */
export function registryTarget(sources: RegistrySources): RegistryTarget | undefined {
  const url = sources.flag ?? sources.config ?? emptyToUndefined(sources.env["SCHEMA_REGISTRY_URL"]);
  if (url === undefined) return undefined;
  const user = emptyToUndefined(sources.env["SCHEMA_REGISTRY_USER"]);
  const password = sources.env["SCHEMA_REGISTRY_PASSWORD"];
  if (password !== undefined && user === undefined)
    throw new ConfigError("SCHEMA_REGISTRY_USER", "a user name, since SCHEMA_REGISTRY_PASSWORD is set", "unset");
  const options: SchemaRegistryOptions = {
    url,
    ...(user === undefined || hasUserinfo(url)
      ? {}
      : { auth: { basic: { username: user, password: password ?? "" } } }),
  };
  const resolved = resolveRegistryOptions(options);
  const endpoint = resolved.endpoints[0];
  return {
    client: new HttpRegistryClient(options),
    shown: endpoint === undefined ? "the registry" : endpoint.origin + endpoint.basePath,
  };
}

/**
 * The registry client of a command that needs one: as registryTarget, and a ConfigError naming where a
 * URL may come from when none is given (`otherwise`: what else the command would accept instead).
 */
export function requiredRegistryTarget(sources: RegistrySources, otherwise?: string): RegistryTarget {
  const target = registryTarget(sources);
  if (target !== undefined) return target;
  const expected = "a registry URL (--registry, the config's registry or SCHEMA_REGISTRY_URL)";
  throw new ConfigError("--registry", otherwise === undefined ? expected : `${expected}, or ${otherwise}`, undefined);
}

function hasUserinfo(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== "" || parsed.password !== "";
  } catch {
    // resolveRegistryOptions reports the bad URL, without echoing it.
    return false;
  }
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
