// Broker answers byte by byte, as the protocol specification lays them out: the codec tests decode them,
// and the fuzz test alters them.

export const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ""), "hex");

// Produce v8: topic "t", partition 2, error 0, base offset 42, log append time -1, log start offset 0, no
// record errors, null error message, throttle 0.
export const PRODUCE_V8_RESPONSE = hex(`
  00000001 0001 74
    00000001 00000002 0000 000000000000002a ffffffffffffffff 0000000000000000 00000000 ffff
  00000000`);

// Produce v3: partition 0 with NOT_LEADER_OR_FOLLOWER (6), log append time 1,700,000,000,000, throttle 100.
export const PRODUCE_V3_RESPONSE = hex(
  "00000001 0001 74 00000001 00000000 0006 ffffffffffffffff 0000018bcfe56800 00000064",
);

// Metadata v8: broker 1 at 127.0.0.1:9092, cluster "abcd", controller 1, topic "t" with partition 0 led by
// broker 1 at epoch 7.
export const METADATA_V8_RESPONSE = hex(`
  00000000
  00000001 00000001 0009 3132372e302e302e31 00002384 ffff
  0004 61626364
  00000001
  00000001
    0000 0001 74 00
    00000001
      0000 00000000 00000001 00000007 00000001 00000001 00000001 00000001 00000000 00000000
    80000000
  80000000`);

// ApiVersions v2: Produce 3..11 and Metadata 4..8; and an UNSUPPORTED_VERSION answer in the v0 layout.
export const API_VERSIONS_V2_RESPONSE = hex("0000 00000002 0000 0003 000b 0003 0004 0008 00000000");
export const API_VERSIONS_UNSUPPORTED_RESPONSE = hex("0023 00000001 0012 0000 0003");

// InitProducerId v1: producer id 4000, epoch 2.
export const INIT_PRODUCER_ID_V1_RESPONSE = hex("00000000 0000 0000000000000fa0 0002");

// SaslHandshake v1: UNSUPPORTED_SASL_MECHANISM (33), the broker offers PLAIN.
export const SASL_HANDSHAKE_V1_RESPONSE = hex("0021 00000001 0005 504c41494e");

// SaslAuthenticate v1: no error, auth bytes "v1", session lifetime 3600 ms.
export const SASL_AUTHENTICATE_V1_RESPONSE = hex("0000 ffff 00000002 7631 0000000000000e10");
