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

export { uniqueName } from "./unique-name.js";
