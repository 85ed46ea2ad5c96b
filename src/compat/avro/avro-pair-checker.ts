import type { CheckDirection } from "../compatibility-level.js";
import type { PairIncompatibility, SchemaPairChecker } from "../schema-pair-checker.js";
import { describeAvroIncompatibility } from "./avro-messages.js";
import { checkAvroReaderWriter } from "./avro-reader-writer-check.js";
import type { AvroNode } from "./avro-nodes.js";

/** The Avro rules (Apache Avro's SchemaCompatibility) behind the format-neutral engine. */
export const avroPairChecker: SchemaPairChecker<AvroNode> = Object.freeze({
  format: "AVRO",
  check(reader: AvroNode, writer: AvroNode, direction: CheckDirection): readonly PairIncompatibility[] {
    return checkAvroReaderWriter(reader, writer).incompatibilities.map((found) => ({
      type: found.type,
      location: found.location,
      detail: found.detail,
      ...describeAvroIncompatibility(found, reader, direction),
    }));
  },
});
