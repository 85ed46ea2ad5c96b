/** Where the integration tests find a real Kafka broker and a real Schema Registry. */
export interface ServiceEndpoints {
  readonly kafkaBrokers: readonly string[];
  /** Base URL of the Confluent-compatible REST API, without a trailing slash. */
  readonly schemaRegistryUrl: string;
  /** How the endpoints were obtained, in the harness's order of preference. */
  readonly source: "environment" | "testcontainers" | "scripts";
}

/** Endpoints plus a way to release what the harness started (testcontainers); scripts' services stay up. */
export interface StartedServices {
  readonly endpoints: ServiceEndpoints;
  readonly stop?: () => Promise<void>;
}
