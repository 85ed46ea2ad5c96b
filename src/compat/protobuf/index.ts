export {
  CONFLUENT_COMPATIBLE_CHANGES,
  confluentDifferences,
  type ConfluentDifferenceType,
} from "./protobuf-confluent-rules.js";
export type { ProtobufDifference } from "./protobuf-difference.js";
export {
  checkProtobufReaderWriter,
  PROTOBUF_RULE_SETS,
  protobufPairChecker,
  type ProtobufRuleSet,
} from "./protobuf-pair-checker.js";
export {
  protobufSchemaOf,
  type ProtobufSchema,
  type ProtoDeclaredType,
  type ProtoEnum,
  type ProtoField,
  type ProtoFieldType,
  type ProtoLabel,
  type ProtoMessage,
  type ProtoMethod,
  type ProtoService,
} from "./protobuf-schema-model.js";
export { strictDifferences, type StrictRuleType } from "./protobuf-strict-rules.js";
