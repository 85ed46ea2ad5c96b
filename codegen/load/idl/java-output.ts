import type { IdlDocument } from "./idl-reader.js";
import { setOwn, toPlainJson } from "./json-value.js";
import { SchemaJsonWriter } from "./schema-json.js";

/**
 * What Avro's Java IDL compiler derives from a file, as JSON values: `{ protocol }` for a protocol file
 * (Protocol.toString), `{ schema, types }` for the schema syntax (the main schema or null, and each named
 * type written on its own, as Schema.toString writes it).
 */
export function toJavaJson(document: IdlDocument): { protocol: unknown } | { schema: unknown; types: unknown[] } {
  const lookup = (fullName: string) => document.types.get(fullName);
  const { protocol } = document;
  if (protocol === undefined) {
    return {
      schema: document.mainSchema === undefined ? null : new SchemaJsonWriter(lookup).schema(document.mainSchema, null),
      types: document.types.values().map((type) => new SchemaJsonWriter(lookup).schema(type, null)),
    };
  }
  const json: Record<string, unknown> = { protocol: protocol.name };
  if (protocol.namespace !== null) json["namespace"] = protocol.namespace;
  if (protocol.doc !== undefined) json["doc"] = protocol.doc;
  for (const [key, value] of protocol.props) setOwn(json, key, toPlainJson(value));
  const writer = new SchemaJsonWriter(lookup);
  const types: unknown[] = [];
  for (const type of document.types.values()) {
    if (!writer.known.has(type.fullName)) types.push(writer.schema(type, protocol.namespace));
  }
  json["types"] = types;
  const messages: Record<string, unknown> = {};
  for (const [name, message] of protocol.messages) setOwn(messages, name, writer.message(message, protocol.namespace));
  json["messages"] = messages;
  return { protocol: json };
}
