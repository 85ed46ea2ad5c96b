// schemakit/producer: the typed producer, partitioners and accumulator (arrive with the producer issue).
export {};
