// schemakit/serde: the Confluent wire format and the Avro/Protobuf serializers (arrive with the serializer issue).
export {};
