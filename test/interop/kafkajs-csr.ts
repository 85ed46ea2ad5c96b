import { Agent } from "node:http";
import { SchemaRegistry, SchemaType } from "@kafkajs/confluent-schema-registry";

// @kafkajs/confluent-schema-registry 3.9.0 used the way its README shows: register once, then
// `await encode(id, record)` / `await decode(bytes)` one record at a time.

/** A kafkajs-csr client on the registry's Confluent REST base URL. */
export function kafkajsRegistry(registryUrl: string): SchemaRegistry {
  // A fresh connection per request: mappersmith has no request timeout, so a keep-alive socket the
  // registry closed at the wrong moment could leave a call waiting (one CI run hung for 180 s here).
  return new SchemaRegistry({ host: registryUrl, agent: new Agent({ keepAlive: false }) });
}

/**
 * Registers the schema text as it is under `<topic>-value` and answers its id. register() first reads
 * GET /config/{subject}; Apicurio answers the global BACKWARD there, which matches kafkajs-csr's default,
 * so it does not write a per-subject level (it would on a Confluent registry: reference/peers.md).
 */
export async function kafkajsRegister(registry: SchemaRegistry, topic: string, schemaText: string): Promise<number> {
  const { id } = await registry.register({ type: SchemaType.AVRO, schema: schemaText }, { subject: `${topic}-value` });
  return id;
}

export async function kafkajsEncodeAll(
  registry: SchemaRegistry,
  id: number,
  records: readonly unknown[],
): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const record of records) out.push(await registry.encode(id, record));
  return out;
}

export async function kafkajsDecodeAll(registry: SchemaRegistry, messages: readonly Buffer[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const message of messages) out.push(await registry.decode(message));
  return out;
}
