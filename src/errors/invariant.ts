import { SdkError } from "./sdk-error.js";

/** A condition schemakit relies on did not hold: a bug in schemakit, never in the caller's code. */
export class InvariantViolation extends SdkError {
  override readonly name = "InvariantViolation";
  readonly code = "INVARIANT_VIOLATED";

  constructor(detail: string) {
    super(`schemakit invariant violated: ${detail} (this is a bug in schemakit; please report it)`);
  }
}

export function invariant(condition: unknown, detail: string): asserts condition {
  if (!condition) throw new InvariantViolation(detail);
}
