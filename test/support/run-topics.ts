import { Kafka, logLevel } from "kafkajs";

/**
 * A token for this test run: `uniqueName` puts it into every name, so that the run's teardown deletes
 * the topics this run made and no one else's (engineers and CI may share a broker). Without it, every
 * run left its topics behind, and a broker with thousands of partitions took minutes to start.
 */
export function newRunToken(): string {
  // Eight characters: no other run's name holds them by chance.
  return `r${Math.random().toString(36).slice(2, 9)}`;
}

/**
 * Deletes the broker's topics whose name holds the token (with or without the hyphens `uniqueName` puts
 * around it: some tests strip them); returns how many it deleted.
 */
export async function deleteRunTopics(brokers: readonly string[], token: string): Promise<number> {
  const kafka = new Kafka({ clientId: "schemakit-test-cleanup", brokers: [...brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.includes(token));
    // In slices: one request naming thousands of topics would outlast the request timeout.
    for (let start = 0; start < topics.length; start += 100) {
      await admin.deleteTopics({ topics: topics.slice(start, start + 100), timeout: 60_000 });
    }
    return topics.length;
  } finally {
    await admin.disconnect();
  }
}
