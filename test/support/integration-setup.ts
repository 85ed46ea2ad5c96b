import type { TestProject } from "vitest/node";
import { resolveServices } from "./resolve-services.js";
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

// Resolved once per run. A failure is handed to the tests rather than thrown here, so that every
// integration test reports it as its own failure (never a skip, never a silent green).
export async function setup(project: TestProject): Promise<void> {
  try {
    const started = await resolveServices();
    stopServices = started.stop;
    const { kafkaBrokers, schemaRegistryUrl, source } = started.endpoints;
    console.log(`integration services (${source}): kafka ${kafkaBrokers.join(",")}, registry ${schemaRegistryUrl}`);
    project.provide("services", { ok: true, endpoints: started.endpoints });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(message);
    project.provide("services", { ok: false, error: message });
  }
}

export async function teardown(): Promise<void> {
  await stopServices?.();
}
