import { dockerEngineAnswers } from "./docker-engine.js";
import { checkKafka, checkRegistry } from "./reachability.js";
import { startWithScripts } from "./scripts-services.js";
import type { StartedServices } from "./service-endpoints.js";
import { startTestcontainers } from "./testcontainers-services.js";

export interface ServiceProviders {
  readonly dockerEngineAnswers: () => Promise<boolean>;
  readonly startTestcontainers: () => Promise<StartedServices>;
  readonly startWithScripts: () => Promise<StartedServices>;
  readonly checkKafka: (brokers: readonly string[]) => Promise<void>;
  readonly checkRegistry: (url: string) => Promise<void>;
}

export const DEFAULT_PROVIDERS: ServiceProviders = {
  dockerEngineAnswers: () => dockerEngineAnswers(),
  startTestcontainers,
  startWithScripts,
  checkKafka: (brokers) => checkKafka(brokers),
  checkRegistry: (url) => checkRegistry(url),
};

/**
 * Finds a real broker and registry for the integration tests, in this order:
 * 1. KAFKA_BROKERS (comma-separated) + SCHEMA_REGISTRY_URL from the environment;
 * 2. testcontainers, when a Docker engine answers;
 * 3. scripts/services/up.sh (Apache Kafka and Apicurio Registry from Maven Central).
 * Then both must answer. Any failure rejects with a message saying what was tried and how to fix it:
 * integration tests fail on it, they never skip.
 */
export async function resolveServices(
  env: NodeJS.ProcessEnv = process.env,
  providers: ServiceProviders = DEFAULT_PROVIDERS,
): Promise<StartedServices> {
  const started = await obtainServices(env, providers);
  const { kafkaBrokers, schemaRegistryUrl, source } = started.endpoints;
  const problems: string[] = [];
  await Promise.all([
    providers.checkKafka(kafkaBrokers).catch((error: unknown) => {
      problems.push(`Kafka at ${kafkaBrokers.join(",")} does not answer: ${reason(error)}`);
    }),
    providers.checkRegistry(schemaRegistryUrl).catch((error: unknown) => {
      problems.push(`Schema Registry at ${schemaRegistryUrl} does not answer: ${reason(error)}`);
    }),
  ]);
  if (problems.length > 0) {
    await started.stop?.();
    throw new Error(
      `integration services unreachable (endpoints from ${source}):\n  ${problems.join("\n  ")}\n${HOW_TO_FIX}`,
    );
  }
  return started;
}

async function obtainServices(env: NodeJS.ProcessEnv, providers: ServiceProviders): Promise<StartedServices> {
  const brokers = env["KAFKA_BROKERS"]?.trim();
  const registryUrl = env["SCHEMA_REGISTRY_URL"]?.trim();
  if (brokers || registryUrl) {
    if (!brokers || !registryUrl) {
      throw new Error(
        "set both KAFKA_BROKERS and SCHEMA_REGISTRY_URL, or neither " +
          `(got only ${brokers ? "KAFKA_BROKERS" : "SCHEMA_REGISTRY_URL"})\n` +
          HOW_TO_FIX,
      );
    }
    return {
      endpoints: {
        kafkaBrokers: brokers.split(",").map((broker) => broker.trim()),
        schemaRegistryUrl: registryUrl.replace(/\/+$/, ""),
        source: "environment",
      },
    };
  }
  if (await providers.dockerEngineAnswers()) {
    return wrap("testcontainers could not start Kafka and Apicurio Registry", providers.startTestcontainers());
  }
  return wrap("scripts/services/up.sh could not start Kafka and Apicurio Registry", providers.startWithScripts());
}

async function wrap(what: string, starting: Promise<StartedServices>): Promise<StartedServices> {
  try {
    return await starting;
  } catch (error) {
    throw new Error(`${what}: ${reason(error)}\n${HOW_TO_FIX}`, { cause: error });
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const HOW_TO_FIX =
  "integration tests need a real Kafka broker and a real Schema Registry: run `npm run services:up`, " +
  "or export KAFKA_BROKERS and SCHEMA_REGISTRY_URL for your own (see README.md)";
