// The evolution walk-through as a function, so that the integration tests run exactly what the example
// runs: version 1 and version 2 of Order registered under one subject at FULL_TRANSITIVE, then each
// version's class reading the other's data, through the registry.
import { createDeserializer, createSerializer, type RegistryClient } from "schemakit";
import { Order as OrderV1 } from "./generated/v1/com/acme/shop/order.avro.js";
import { Order as OrderV2 } from "./generated/v2/com/acme/shop/order.avro.js";

export interface WalkthroughResult {
  /** Version 1's record, as the version 2 class reads it: `customer` arrives as `buyer` (its alias). */
  readonly v2ReadsV1: OrderV2;
  /** Version 2's record, as the version 1 class reads it: CANCELLED becomes the enum default PLACED. */
  readonly v1ReadsV2: OrderV1;
  readonly schemaIds: { readonly v1: number; readonly v2: number };
}

export async function evolutionWalkthrough(registry: RegistryClient, topic: string): Promise<WalkthroughResult> {
  // Both directions must keep working for every version: FULL_TRANSITIVE. `schemakit compat set` does
  // the same from the command line.
  await registry.setCompatibility("FULL_TRANSITIVE", `${topic}-value`);

  // A version 1 producer registers version 1 (the subject's version 1) and writes.
  const v1Bytes = await createSerializer(OrderV1, { registry }).serialize(
    topic,
    new OrderV1({ id: "o-1", amount: 12.5, status: "SHIPPED", customer: "ada" }),
  );
  // A version 2 producer registers version 2; the registry accepts it at FULL_TRANSITIVE.
  const v2Bytes = await createSerializer(OrderV2, { registry }).serialize(
    topic,
    new OrderV2({ id: "o-2", amount: 3, status: "CANCELLED", buyer: "grace", note: "changed my mind" }),
  );

  // Each consumer reads with its own class; the writer's schema comes from the registry by the id in
  // the bytes, and Avro's resolution maps it onto the reader's class.
  const v2ReadsV1 = await createDeserializer(OrderV2, { registry }).deserialize(topic, v1Bytes);
  const v1ReadsV2 = await createDeserializer(OrderV1, { registry }).deserialize(topic, v2Bytes);
  return { v2ReadsV1, v1ReadsV2, schemaIds: { v1: v1Bytes.readInt32BE(1), v2: v2Bytes.readInt32BE(1) } };
}
