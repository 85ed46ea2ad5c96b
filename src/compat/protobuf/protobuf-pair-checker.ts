import type { CheckDirection } from "../compatibility-level.js";
import type { PairIncompatibility, SchemaPairChecker } from "../schema-pair-checker.js";
import { confluentIncompatibilities } from "./protobuf-confluent-rules.js";
import { distinctDifferences, type ProtobufDifference } from "./protobuf-difference.js";
import { describeProtobufIncompatibility } from "./protobuf-messages.js";
import type { ProtobufSchema } from "./protobuf-schema-model.js";
import { strictDifferences } from "./protobuf-strict-rules.js";

/**
 * Which Protobuf rules: `confluent` (Confluent Schema Registry's: what the binary wire format tolerates),
 * or `strict` (those plus Apicurio Registry's: removed fields reserved, no renames, no type or label change).
 */
export type ProtobufRuleSet = "confluent" | "strict";

export const PROTOBUF_RULE_SETS: readonly ProtobufRuleSet[] = Object.freeze(["confluent", "strict"]);

/** Every reason `reader` cannot read data written with `writer` under a rule set (no repeats). */
export function checkProtobufReaderWriter(
  reader: ProtobufSchema,
  writer: ProtobufSchema,
  rules: ProtobufRuleSet = "confluent",
): ProtobufDifference[] {
  // The registry compares the writer's file (its "original") with the reader's (its "update").
  const found = confluentIncompatibilities(writer, reader);
  if (rules === "strict") {
    // A place Confluent's rules already refuse needs no second reason.
    const refused = new Set(found.map((difference) => difference.location));
    found.push(...strictDifferences(writer, reader).filter((difference) => !refused.has(difference.location)));
  }
  // Confluent reports a change inside a referenced message both where it is and at the field using it.
  return distinctDifferences(found);
}

/** The Protobuf rules behind the format-neutral engine. */
export function protobufPairChecker(rules: ProtobufRuleSet = "confluent"): SchemaPairChecker<ProtobufSchema> {
  return Object.freeze({
    format: "PROTOBUF",
    check(reader: ProtobufSchema, writer: ProtobufSchema, direction: CheckDirection): readonly PairIncompatibility[] {
      return checkProtobufReaderWriter(reader, writer, rules).map((found) => ({
        type: found.type,
        location: found.location,
        detail: `${found.type} at ${found.location}`,
        ...describeProtobufIncompatibility(found, direction),
      }));
    },
  });
}
