import { SchemaRegistry } from "../../src/registry/index.js";
import { defineAvroRecord } from "../../src/runtime/v1/index.js";
import { createDeserializer, createSerializer } from "../../src/serde/index.js";

// schemakit's serializer and deserializer driven by the interop cases. The cases hold avsc-shaped
// values (timestamp-millis as epoch milliseconds); schemakit maps timestamp-millis to Date, so top-level
// fields of that logical type are converted on the way in and out (the cases have none deeper down).

type Row = Record<string, unknown>;

function timestampFields(schemaText: string): string[] {
  const schema = JSON.parse(schemaText) as { fields: { name: string; type: unknown }[] };
  return schema.fields
    .filter((field) => (field.type as { logicalType?: unknown } | null)?.logicalType === "timestamp-millis")
    .map((field) => field.name);
}

export interface SchemakitSerde {
  encodeAll(records: readonly unknown[]): Promise<Buffer[]>;
  decodeAll(messages: readonly Buffer[]): Promise<unknown[]>;
}

export function schemakitSerde(registryUrl: string, topic: string, schemaText: string): SchemakitSerde {
  const type = defineAvroRecord<Row>({ schema: schemaText });
  const registry = new SchemaRegistry({ url: registryUrl });
  const serializer = createSerializer(type, { registry });
  const deserializer = createDeserializer(type, { registry });
  const dates = timestampFields(schemaText);
  const toOurs = (record: unknown): Row => {
    const row = { ...(record as Row) };
    for (const name of dates) row[name] = new Date(row[name] as number);
    return row;
  };
  const fromOurs = (row: Row): Row => {
    const record = { ...row };
    for (const name of dates) record[name] = (record[name] as Date).getTime();
    return record;
  };
  return {
    async encodeAll(records) {
      const out: Buffer[] = [];
      for (const record of records) out.push(await serializer.serialize(topic, toOurs(record)));
      return out;
    },
    async decodeAll(messages) {
      const out: unknown[] = [];
      for (const message of messages) out.push(fromOurs(await deserializer.deserialize(topic, message)));
      return out;
    },
  };
}
