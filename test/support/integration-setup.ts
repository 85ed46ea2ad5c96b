import type { TestProject } from "vitest/node";
import { resolveServices } from "./resolve-services.js";
import { deleteRunTopics, newRunToken } from "./run-topics.js";
import { RUN_TOKEN_VARIABLE } from "./unique-name.js";
import type { ServiceEndpoints } from "./service-endpoints.js";

export type ProvidedServices =
  | { readonly ok: true; readonly endpoints: ServiceEndpoints }
  | { readonly ok: false; readonly error: string };

declare module "vitest" {
  export interface ProvidedContext {
    services: ProvidedServices;
  }
}

let stopServices: (() => Promise<void>) | undefined;
let runTopics: { readonly brokers: readonly string[]; readonly token: string } | undefined;

// Resolved once per run. A failure is handed to the tests rather than thrown here, so that every
// integration test reports it as its own failure (never a skip, never a silent green).
export async function setup(project: TestProject): Promise<void> {
  const token = newRunToken();
  // Before any test file runs: the workers start with this environment, and `uniqueName` reads it.
  process.env[RUN_TOKEN_VARIABLE] = token;
  try {
    const started = await resolveServices();
    stopServices = started.stop;
    const { kafkaBrokers, schemaRegistryUrl, source } = started.endpoints;
    console.log(`integration services (${source}): kafka ${kafkaBrokers.join(",")}, registry ${schemaRegistryUrl}`);
    project.provide("services", { ok: true, endpoints: started.endpoints });
    runTopics = { brokers: kafkaBrokers, token };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(message);
    project.provide("services", { ok: false, error: message });
  }
}

export async function teardown(): Promise<void> {
  if (runTopics !== undefined) {
    // Cleaning up is not part of the verdict: a failure here is reported, and the run keeps its result.
    await deleteRunTopics(runTopics.brokers, runTopics.token).then(
      (count) => console.log(`deleted the run's ${count} topics`),
      (error: unknown) => console.error(`deleting the run's topics failed: ${String(error)}`),
    );
  }
  await stopServices?.();
}
