// The Protobuf evolution corpus: pairs of one .proto file (old, new). `{pkg}` stands for a package of the
// case's own, so that all cases compile in one compiler run. `confluent` holds the incompatibilities
// Confluent's rules report, worked out by hand from Confluent Schema Registry's Protobuf SchemaDiff
// (io.confluent.kafka.schemaregistry.protobuf.diff: fields matched by number, its COMPATIBLE_CHANGES set),
// which is not published to Maven Central; `backward` reads old data with the new file, `forward` new data
// with the old file. The strict rules' verdicts come from Apicurio Registry's checker, run by
// protobuf-compat-apicurio.test.ts; `apicurioDiffers` names the levels where schemakit's strict verdict
// differs from Apicurio's on purpose, and why.

export type ApicurioLevel = "BACKWARD" | "FORWARD" | "FULL";

export interface ProtobufCompatCase {
  readonly id: string;
  readonly old: string;
  readonly new: string;
  readonly confluent: { readonly backward: readonly string[]; readonly forward: readonly string[] };
  readonly apicurioDiffers?: Partial<Readonly<Record<ApicurioLevel, string>>>;
}

const P3 = 'syntax = "proto3";\npackage {pkg};\n';
const P2 = 'syntax = "proto2";\npackage {pkg};\n';
const TWO_MESSAGES = "message Address { string city = 1; }\nmessage Customer { string name = 1; }\n";

// Apicurio's FULL accepts a change when either direction passes; schemakit's FULL needs both (the level's
// definition, and Confluent's).
const FULL_IS_BOTH = "FULL needs both directions; Apicurio's FULL accepts a change when either one passes";
// Confluent's rules flag a package change; Apicurio only sees it through message-typed fields.
const PACKAGE_RULE = "the package rule is Confluent's: every message gets a new full name; Apicurio ignores it";
// Confluent's rules flag a removed message; Apicurio only sees it through the message's fields.
const MESSAGE_RULE = "the removed-message rule is Confluent's; Apicurio sees no field to reserve in an empty message";
// Apicurio's parser does not see an enum's reservations, so it refuses a value removed and reserved.
const ENUM_RESERVED = "a removed enum value whose number and name are reserved is accepted; Apicurio cannot see them";
// Confluent's oneof rules: existing fields that could all be set cannot become alternatives. Apicurio has none.
const ONEOF_RULE = "the oneof rules are Confluent's: fields that could all be set must not become alternatives";

// Two RPCs; the cases below remove or add the second.
const SHOP_TWO_RPCS = "service Shop { rpc Find(Customer) returns (Address); rpc Add(Address) returns (Customer); }";

export const PROTOBUF_COMPAT_CASES: readonly ProtobufCompatCase[] = [
  {
    id: "field_added",
    old: `${P3}message Order { string id = 1; }`,
    new: `${P3}message Order { string id = 1; int32 qty = 2; }`,
    confluent: { backward: [], forward: [] },
    apicurioDiffers: { FULL: FULL_IS_BOTH },
  },
  {
    id: "field_removed_unreserved",
    old: `${P3}message Order { string id = 1; string note = 2; }`,
    new: `${P3}message Order { string id = 1; }`,
    confluent: { backward: [], forward: [] },
    apicurioDiffers: { FULL: FULL_IS_BOTH },
  },
  {
    id: "field_removed_reserved",
    old: `${P3}message Order { string id = 1; string note = 2; }`,
    new: `${P3}message Order { reserved 2; reserved "note"; string id = 1; }`,
    confluent: { backward: [], forward: [] },
    apicurioDiffers: { FULL: FULL_IS_BOTH },
  },
  {
    id: "field_renamed",
    old: `${P3}message Order { string id = 1; string note = 2; }`,
    new: `${P3}message Order { string id = 1; string remark = 2; }`,
    confluent: { backward: [], forward: [] },
  },
  {
    id: "int32_to_int64",
    old: `${P3}message Order { int32 qty = 2; }`,
    new: `${P3}message Order { int64 qty = 2; }`,
    confluent: { backward: [], forward: [] },
  },
  {
    id: "int32_to_string",
    old: `${P3}message Order { int32 qty = 2; }`,
    new: `${P3}message Order { string qty = 2; }`,
    confluent: { backward: ["FIELD_SCALAR_KIND_CHANGED #/Order/2"], forward: ["FIELD_SCALAR_KIND_CHANGED #/Order/2"] },
  },
  {
    id: "int32_to_sint32",
    old: `${P3}message Order { int32 qty = 2; }`,
    new: `${P3}message Order { sint32 qty = 2; }`,
    confluent: { backward: ["FIELD_SCALAR_KIND_CHANGED #/Order/2"], forward: ["FIELD_SCALAR_KIND_CHANGED #/Order/2"] },
  },
  {
    id: "string_to_bytes",
    old: `${P3}message Order { string note = 2; }`,
    new: `${P3}message Order { bytes note = 2; }`,
    confluent: { backward: [], forward: [] },
  },
  {
    id: "fixed32_to_sfixed32",
    old: `${P3}message Order { fixed32 code = 2; }`,
    new: `${P3}message Order { sfixed32 code = 2; }`,
    confluent: { backward: [], forward: [] },
  },
  {
    id: "fixed32_to_fixed64",
    old: `${P3}message Order { fixed32 code = 2; }`,
    new: `${P3}message Order { fixed64 code = 2; }`,
    confluent: { backward: ["FIELD_SCALAR_KIND_CHANGED #/Order/2"], forward: ["FIELD_SCALAR_KIND_CHANGED #/Order/2"] },
  },
  {
    id: "scalar_to_message",
    old: `${P3}message Address { string city = 1; }\nmessage Order { string addr = 2; }`,
    new: `${P3}message Address { string city = 1; }\nmessage Order { Address addr = 2; }`,
    confluent: { backward: ["FIELD_KIND_CHANGED #/Order/2"], forward: ["FIELD_KIND_CHANGED #/Order/2"] },
  },
  {
    id: "message_type_changed",
    old: `${P3}${TWO_MESSAGES}message Order { Address who = 2; }`,
    new: `${P3}${TWO_MESSAGES}message Order { Customer who = 2; }`,
    confluent: {
      backward: ["FIELD_NAMED_TYPE_CHANGED #/Order/2"],
      forward: ["FIELD_NAMED_TYPE_CHANGED #/Order/2"],
    },
  },
  {
    id: "enum_to_int32",
    old: `${P3}enum Color { RED = 0; BLUE = 1; }\nmessage Order { Color color = 2; }`,
    new: `${P3}enum Color { RED = 0; BLUE = 1; }\nmessage Order { int32 color = 2; }`,
    confluent: { backward: [], forward: [] },
  },
  {
    id: "proto3_singular_to_repeated",
    old: `${P3}message Order { int32 qty = 2; }`,
    new: `${P3}message Order { repeated int32 qty = 2; }`,
    // Confluent compares labels only when both are written: proto3's implicit label is not.
    confluent: { backward: [], forward: [] },
  },
  {
    id: "proto3_optional_added",
    old: `${P3}message Order { int32 qty = 2; }`,
    new: `${P3}message Order { optional int32 qty = 2; }`,
    confluent: { backward: [], forward: [] },
  },
  {
    id: "proto2_optional_to_repeated_number",
    old: `${P2}message Order { optional int32 qty = 2; }`,
    new: `${P2}message Order { repeated int32 qty = 2; }`,
    confluent: {
      backward: ["FIELD_NUMERIC_LABEL_CHANGED #/Order/2"],
      forward: ["FIELD_NUMERIC_LABEL_CHANGED #/Order/2"],
    },
  },
  {
    id: "proto2_optional_to_repeated_string",
    old: `${P2}message Order { optional string tag = 2; }`,
    new: `${P2}message Order { repeated string tag = 2; }`,
    confluent: { backward: [], forward: [] },
  },
  {
    id: "proto2_required_added",
    old: `${P2}message Order { optional string id = 1; }`,
    new: `${P2}message Order { optional string id = 1; required int32 qty = 2; }`,
    confluent: { backward: ["REQUIRED_FIELD_ADDED #/Order/2"], forward: ["REQUIRED_FIELD_REMOVED #/Order/2"] },
  },
  {
    id: "proto2_required_removed",
    old: `${P2}message Order { optional string id = 1; required int32 qty = 2; }`,
    new: `${P2}message Order { optional string id = 1; }`,
    confluent: { backward: ["REQUIRED_FIELD_REMOVED #/Order/2"], forward: ["REQUIRED_FIELD_ADDED #/Order/2"] },
  },
  {
    id: "proto2_required_to_optional",
    old: `${P2}message Order { required int32 qty = 2; }`,
    new: `${P2}message Order { optional int32 qty = 2; }`,
    confluent: {
      backward: ["FIELD_NUMERIC_LABEL_CHANGED #/Order/2"],
      forward: ["FIELD_NUMERIC_LABEL_CHANGED #/Order/2"],
    },
  },
  {
    id: "message_removed",
    old: `${P3}message Order { string id = 1; }\nmessage Note { string text = 1; }`,
    new: `${P3}message Order { string id = 1; }`,
    confluent: { backward: ["MESSAGE_REMOVED #/Note"], forward: [] },
    apicurioDiffers: { FULL: FULL_IS_BOTH },
  },
  {
    id: "empty_message_removed",
    old: `${P3}message Order { string id = 1; }\nmessage Marker {}`,
    new: `${P3}message Order { string id = 1; }`,
    confluent: { backward: ["MESSAGE_REMOVED #/Marker"], forward: [] },
    apicurioDiffers: { BACKWARD: MESSAGE_RULE, FULL: MESSAGE_RULE },
  },
  {
    id: "message_renamed",
    old: `${P3}message Order { string id = 1; }\nmessage Note { string text = 1; }`,
    new: `${P3}message Order { string id = 1; }\nmessage Memo { string text = 1; }`,
    confluent: { backward: ["MESSAGE_REMOVED #/Note"], forward: ["MESSAGE_REMOVED #/Memo"] },
  },
  {
    id: "messages_reordered",
    old: `${P3}message Order { string id = 1; }\nmessage Note { string text = 1; }`,
    new: `${P3}message Note { string text = 1; }\nmessage Order { string id = 1; }`,
    confluent: { backward: [], forward: [] },
  },
  {
    id: "enum_value_added",
    old: `${P3}enum Color { RED = 0; BLUE = 1; }\nmessage Order { Color color = 1; }`,
    new: `${P3}enum Color { RED = 0; BLUE = 1; GREEN = 2; }\nmessage Order { Color color = 1; }`,
    confluent: { backward: [], forward: [] },
    apicurioDiffers: { FULL: FULL_IS_BOTH },
  },
  {
    id: "enum_value_removed",
    old: `${P3}enum Color { RED = 0; BLUE = 1; GREEN = 2; }\nmessage Order { Color color = 1; }`,
    new: `${P3}enum Color { RED = 0; BLUE = 1; }\nmessage Order { Color color = 1; }`,
    confluent: { backward: [], forward: [] },
    apicurioDiffers: { FULL: FULL_IS_BOTH },
  },
  {
    id: "enum_value_removed_reserved",
    old: `${P3}enum Color { RED = 0; BLUE = 1; GREEN = 2; }\nmessage Order { Color color = 1; }`,
    new: `${P3}enum Color { RED = 0; BLUE = 1; reserved 2; reserved "GREEN"; }\nmessage Order { Color color = 1; }`,
    confluent: { backward: [], forward: [] },
    apicurioDiffers: { BACKWARD: ENUM_RESERVED },
  },
  {
    id: "enum_value_renamed",
    old: `${P3}enum Color { RED = 0; BLUE = 1; }\nmessage Order { Color color = 1; }`,
    new: `${P3}enum Color { RED = 0; NAVY = 1; }\nmessage Order { Color color = 1; }`,
    confluent: { backward: [], forward: [] },
  },
  {
    id: "unused_enum_removed",
    old: `${P3}enum Color { RED = 0; }\nmessage Order { string id = 1; }`,
    new: `${P3}message Order { string id = 1; }`,
    confluent: { backward: [], forward: [] },
  },
  {
    id: "two_fields_into_new_oneof",
    old: `${P3}message Order { string a = 1; string b = 2; }`,
    new: `${P3}message Order { oneof choice { string a = 1; string b = 2; } }`,
    confluent: { backward: ["MULTIPLE_FIELDS_MOVED_TO_ONEOF #/Order/choice"], forward: [] },
    apicurioDiffers: { BACKWARD: ONEOF_RULE, FULL: ONEOF_RULE },
  },
  {
    id: "one_field_into_new_oneof",
    old: `${P3}message Order { string a = 1; }`,
    new: `${P3}message Order { oneof choice { string a = 1; int32 c = 3; } }`,
    confluent: { backward: [], forward: [] },
    apicurioDiffers: { FULL: FULL_IS_BOTH },
  },
  {
    id: "field_into_existing_oneof",
    old: `${P3}message Order { string a = 1; oneof choice { int32 b = 2; } }`,
    new: `${P3}message Order { oneof choice { int32 b = 2; string a = 1; } }`,
    confluent: { backward: ["FIELD_MOVED_TO_EXISTING_ONEOF #/Order/choice"], forward: [] },
    apicurioDiffers: { BACKWARD: ONEOF_RULE, FULL: ONEOF_RULE },
  },
  {
    id: "oneof_field_removed",
    old: `${P3}message Order { oneof choice { string a = 1; int32 b = 2; } }`,
    new: `${P3}message Order { oneof choice { string a = 1; } }`,
    confluent: { backward: ["ONEOF_FIELD_REMOVED #/Order/choice/2"], forward: [] },
    apicurioDiffers: { FULL: FULL_IS_BOTH },
  },
  {
    id: "package_changed",
    old: `${P3}message Order { string id = 1; }`,
    new: 'syntax = "proto3";\npackage {pkg}.v2;\nmessage Order { string id = 1; }',
    confluent: { backward: ["PACKAGE_CHANGED #/"], forward: ["PACKAGE_CHANGED #/"] },
    apicurioDiffers: { BACKWARD: PACKAGE_RULE, FORWARD: PACKAGE_RULE, FULL: PACKAGE_RULE },
  },
  {
    id: "nested_field_kind_changed",
    old: `${P3}message Order { message Line { int32 qty = 1; } Line line = 2; }`,
    new: `${P3}message Order { message Line { string qty = 1; } Line line = 2; }`,
    confluent: {
      backward: ["FIELD_SCALAR_KIND_CHANGED #/Order/Line/1"],
      forward: ["FIELD_SCALAR_KIND_CHANGED #/Order/Line/1"],
    },
  },
  {
    id: "map_value_changed",
    old: `${P3}message Order { map<string, int32> counts = 2; }`,
    new: `${P3}message Order { map<string, string> counts = 2; }`,
    confluent: { backward: ["FIELD_SCALAR_KIND_CHANGED #/Order/2"], forward: ["FIELD_SCALAR_KIND_CHANGED #/Order/2"] },
  },
  {
    id: "map_value_widened",
    old: `${P3}message Order { map<string, int32> counts = 2; }`,
    new: `${P3}message Order { map<string, int64> counts = 2; }`,
    confluent: { backward: [], forward: [] },
  },
  {
    id: "field_number_changed",
    old: `${P3}message Order { string id = 1; string note = 2; }`,
    new: `${P3}message Order { string id = 1; string note = 3; }`,
    confluent: { backward: [], forward: [] },
  },
  {
    id: "reserved_number_reused",
    old: `${P3}message Order { reserved 3; string id = 1; }`,
    new: `${P3}message Order { string id = 1; int32 qty = 3; }`,
    confluent: { backward: [], forward: [] },
  },
  {
    id: "recursive_message_field_added",
    old: `${P3}message Node { string value = 1; repeated Node children = 2; }`,
    new: `${P3}message Node { string value = 1; repeated Node children = 2; int32 depth = 3; }`,
    confluent: { backward: [], forward: [] },
    apicurioDiffers: { FULL: FULL_IS_BOTH },
  },
  // Services: Confluent's rules never compare them; Apicurio's refuse an RPC removed or re-typed.
  {
    id: "rpc_added",
    old: `${P3}${TWO_MESSAGES}service Shop { rpc Find(Customer) returns (Address); }`,
    new: `${P3}${TWO_MESSAGES}${SHOP_TWO_RPCS}`,
    confluent: { backward: [], forward: [] },
    apicurioDiffers: { FULL: FULL_IS_BOTH },
  },
  {
    id: "rpc_removed",
    old: `${P3}${TWO_MESSAGES}${SHOP_TWO_RPCS}`,
    new: `${P3}${TWO_MESSAGES}service Shop { rpc Find(Customer) returns (Address); }`,
    confluent: { backward: [], forward: [] },
    apicurioDiffers: { FULL: FULL_IS_BOTH },
  },
  {
    id: "rpc_signature_changed",
    old: `${P3}${TWO_MESSAGES}service Shop { rpc Find(Customer) returns (Address); }`,
    new: `${P3}${TWO_MESSAGES}service Shop { rpc Find(Customer) returns (stream Address); }`,
    confluent: { backward: [], forward: [] },
  },
];
