import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { StartedServices } from "./service-endpoints.js";

const UP_SCRIPT = fileURLToPath(new URL("../../scripts/services/up.sh", import.meta.url));

/**
 * Runs `npm run services:up`'s script (idempotent: services it started earlier are reused) and reads the
 * endpoints from its `export NAME=value` lines. The services stay up; `npm run services:down` stops them.
 */
export function startWithScripts(): Promise<StartedServices> {
  return new Promise((resolve, reject) => {
    execFile("bash", [UP_SCRIPT], { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${UP_SCRIPT} failed (exit ${String(error.code)}):\n${stderr.trim()}`));
        return;
      }
      const exported = new Map(
        [...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((match) => [match[1], match[2]] as const),
      );
      const brokers = exported.get("KAFKA_BROKERS");
      const registryUrl = exported.get("SCHEMA_REGISTRY_URL");
      if (brokers === undefined || registryUrl === undefined) {
        reject(new Error(`${UP_SCRIPT} printed no KAFKA_BROKERS/SCHEMA_REGISTRY_URL:\n${stdout}`));
        return;
      }
      resolve({ endpoints: { kafkaBrokers: brokers.split(","), schemaRegistryUrl: registryUrl, source: "scripts" } });
    });
  });
}
