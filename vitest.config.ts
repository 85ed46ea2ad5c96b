import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { ClosingLineReporter } from "./test/support/closing-line-reporter.js";

// A config file is the one place a default export is required (vitest loads it that way).
export default defineConfig({
  // Generated code (goldens, examples) imports "schemakit/runtime/v1": the source, as tsconfig's paths.
  resolve: {
    alias: [
      {
        find: /^schemakit\/runtime\/v1$/,
        replacement: fileURLToPath(new URL("./src/runtime/v1/index.ts", import.meta.url)),
      },
      { find: /^schemakit$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
    ],
  },
  test: {
    reporters: ["default", new ClosingLineReporter()],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/support/integration-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One broker and one registry on 2 cores: files run one at a time.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: "interop",
          include: ["test/interop/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/support/integration-setup.ts"],
          // The first run builds the Python venv (about 20 s, PyPI) and every Python call starts an
          // interpreter that imports confluent_kafka (about 0.5 s): generous, not tight.
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // Same services as integration, and Python processes on 2 cores: files run one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
