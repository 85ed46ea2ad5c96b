import { Kafka, logLevel } from "kafkajs";

/** Resolves when a broker answers a metadata request; rejects with kafkajs's reason otherwise. */
export async function checkKafka(brokers: readonly string[], timeoutMs = 5_000): Promise<void> {
  const admin = new Kafka({
    clientId: "schemakit-harness",
    brokers: [...brokers],
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
}

/** Resolves when GET {url}/subjects answers 200 with a JSON array, as a Confluent-compatible registry does. */
export async function checkRegistry(url: string, timeoutMs = 5_000): Promise<void> {
  const response = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(timeoutMs) });
  const body: unknown = await response.json().catch(() => undefined);
  if (response.status !== 200 || !Array.isArray(body)) {
    throw new Error(`GET ${url}/subjects answered HTTP ${response.status}, not a JSON array of subjects`);
  }
}
