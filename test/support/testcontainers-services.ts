import type { StartedServices } from "./service-endpoints.js";

// Same versions as scripts/services: Kafka 3.9 (cp-kafka 7.9) and Apicurio Registry 3.3.3.
const KAFKA_IMAGE = "confluentinc/cp-kafka:7.9.0";
const REGISTRY_IMAGE = "apicurio/apicurio-registry:3.3.3";
const REGISTRY_PORT = 8080;
const CCOMPAT_PATH = "/apis/ccompat/v7";

/** Starts Kafka and Apicurio Registry in containers; only called when a Docker engine answers. */
export async function startTestcontainers(): Promise<StartedServices> {
  // Loaded lazily: testcontainers is of no use (and slow to import) where no Docker engine runs.
  const { GenericContainer, Wait } = await import("testcontainers");
  const { KafkaContainer } = await import("@testcontainers/kafka");
  const [kafka, registry] = await Promise.all([
    new KafkaContainer(KAFKA_IMAGE).withKraft().start(),
    new GenericContainer(REGISTRY_IMAGE)
      .withEnvironment({
        // The settings scripts/services/start-registry.sh passes as system properties (see docs/services.md).
        APICURIO_CCOMPAT_LEGACY_ID_MODE_ENABLED: "false",
        APICURIO_CCOMPAT_USE_CANONICAL_HASH: "true",
        APICURIO_RULES_GLOBAL_COMPATIBILITY: "BACKWARD",
        APICURIO_CCOMPAT_MAX_SUBJECTS: "100000",
      })
      .withExposedPorts(REGISTRY_PORT)
      .withWaitStrategy(Wait.forHttp(`${CCOMPAT_PATH}/subjects`, REGISTRY_PORT).forStatusCode(200))
      .start(),
  ]);
  return {
    endpoints: {
      kafkaBrokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
      schemaRegistryUrl: `http://${registry.getHost()}:${registry.getMappedPort(REGISTRY_PORT)}${CCOMPAT_PATH}`,
      source: "testcontainers",
    },
    stop: async () => {
      await Promise.all([kafka.stop(), registry.stop()]);
    },
  };
}
