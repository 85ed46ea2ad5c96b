// Schema evolution, end to end: version 1 and version 2 of Order through the registry, each version's
// consumer reading the other version's data (see README.md for the CI side: schemakit check, register).
//   npm run services:up && npx tsx examples/evolution/evolution.ts
// The classes come from `schemakit generate --config examples/evolution/v1.config.json` and
// `--config examples/evolution/schemakit.config.json` (checked in).
import { SchemaRegistry } from "schemakit";
import { evolutionWalkthrough } from "./walkthrough.js";

const registry = new SchemaRegistry({
  url: process.env["SCHEMA_REGISTRY_URL"] ?? "http://127.0.0.1:8081/apis/ccompat/v7",
});
// A fresh topic name per run: a subject's versions outlive the run.
const topic = `evolution-orders-${Date.now().toString(36)}`;
const { v2ReadsV1, v1ReadsV2, schemaIds } = await evolutionWalkthrough(registry, topic);
console.log(`registered ${topic}-value: version 1 id ${schemaIds.v1}, version 2 id ${schemaIds.v2}`);
console.log(`v2 class reads v1 data: buyer=${v2ReadsV1.buyer} (from customer), note=${String(v2ReadsV1.note)}`);
console.log(`v1 class reads v2 data: status=${v1ReadsV2.status} (CANCELLED unknown), customer="${v1ReadsV2.customer}"`);
await registry.close();
