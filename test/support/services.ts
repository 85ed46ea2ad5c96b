import { beforeEach, inject } from "vitest";
import type { ServiceEndpoints } from "./service-endpoints.js";

/**
 * Call at the top of an integration test file. When the setup found no services, every test in the
 * file fails with the setup's message (a failing beforeEach fails the test; a failing beforeAll would
 * only mark it skipped). The returned function gives the endpoints inside tests and lazy setup.
 */
export function requireServices(): () => ServiceEndpoints {
  const services = inject("services");
  const endpoints = (): ServiceEndpoints => {
    if (!services.ok) throw new Error(services.error);
    return services.endpoints;
  };
  beforeEach(() => {
    endpoints();
  });
  return endpoints;
}

/** A name no earlier run used: the broker and the registry outlive a test run. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
