// `import "schemakit"` must stay light: no native addon (.node) and no Kafka client until a producer is
// used. Run in a fresh process after the build; prints what the root import loaded and how long it took.
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const started = performance.now();
await import("schemakit");
const elapsedMs = performance.now() - started;
const loaded = Object.keys(require.cache);
const native = loaded.filter((file) => file.endsWith(".node"));
const clients = loaded.filter((file) => /[\\/]node_modules[\\/](kafkajs|snappy|lz4-napi|@mongodb-js)[\\/]/.test(file));
console.log(`import "schemakit": ${elapsedMs.toFixed(1)} ms, ${loaded.length} CommonJS modules loaded`);
if (native.length > 0 || clients.length > 0) {
  console.error(`import "schemakit" loaded what it must not:\n${[...native, ...clients].join("\n")}`);
  process.exit(1);
}
