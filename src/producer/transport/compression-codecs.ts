// Placeholder until the codecs land: gzip is kafkajs's own (node:zlib); the others are registered here.
export function registerCompressionCodecs(): void {}
