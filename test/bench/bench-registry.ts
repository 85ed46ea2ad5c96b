import { checkRegistry } from "../support/reachability.js";
import { startWithScripts } from "../support/scripts-services.js";

// The benchmark runs against the real registry, like the interop tests: SCHEMA_REGISTRY_URL when set,
// else the project's own scripts/services/up.sh (idempotent: services already up are reused).

export async function benchRegistryUrl(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env["SCHEMA_REGISTRY_URL"]?.trim();
  const url = fromEnv ? fromEnv.replace(/\/+$/, "") : (await startWithScripts()).endpoints.schemaRegistryUrl;
  await checkRegistry(url);
  return url;
}

/** Registers the schema text under `<topic>-value` with a plain POST and answers its id. */
export async function registerValueSchema(registryUrl: string, topic: string, schemaText: string): Promise<number> {
  const subject = encodeURIComponent(`${topic}-value`);
  const response = await fetch(`${registryUrl}/subjects/${subject}/versions`, {
    method: "POST",
    headers: { "content-type": "application/vnd.schemaregistry.v1+json" },
    body: JSON.stringify({ schema: schemaText }),
  });
  const body = (await response.json()) as { id?: unknown };
  if (response.status !== 200 || typeof body.id !== "number") {
    throw new Error(`register ${topic}-value at ${registryUrl}: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  return body.id;
}
