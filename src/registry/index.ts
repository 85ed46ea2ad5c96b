// schemakit/registry: the Schema Registry client and its cache (arrives with the serializer issue).
export {};
