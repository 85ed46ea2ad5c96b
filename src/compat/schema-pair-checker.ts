import type { CheckDirection } from "./compatibility-level.js";
import type { Incompatibility } from "./compatibility-result.js";

/** What a format's checker reports for one reader/writer pair; the engine adds `against` and `direction`. */
export type PairIncompatibility = Omit<Incompatibility, "against" | "direction">;

/**
 * The rules of one schema format (Avro now, Protobuf later), for parsed schemas of type S: every reason
 * `reader` cannot read data written with `writer`. `direction` says which of the two is the new schema,
 * so that messages can say "the new schema" or "consumers still on the old one".
 */
export interface SchemaPairChecker<S> {
  readonly format: string;
  check(reader: S, writer: S, direction: CheckDirection): readonly PairIncompatibility[];
}
