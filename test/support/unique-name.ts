/** The environment variable the integration setup puts the run's token in (workers inherit it). */
export const RUN_TOKEN_VARIABLE = "SCHEMAKIT_TEST_RUN";

/**
 * A name no earlier run used: the broker and the registry outlive a test run. Under the integration
 * setup it holds the run's token, and the run's teardown deletes the topics so named.
 */
export function uniqueName(prefix: string): string {
  const token = process.env[RUN_TOKEN_VARIABLE];
  const run = token === undefined || token === "" ? "" : `${token}-`;
  return `${prefix}-${run}${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
