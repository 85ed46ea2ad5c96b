import type { LongMode } from "../../src/schema/index.js";
import type { SchemaModel } from "../model/avro-model.js";
import type { OutputLayout } from "./output-layout.js";
import type { RegisteredSchema } from "./registered-schema.js";
import type { ExpressionContext } from "./type-expressions.js";

/** What emitting one named type needs to know beyond the type itself. */
export interface EmitContext {
  readonly model: SchemaModel;
  readonly longs: LongMode;
  /** Where every named type and runtime export lives. */
  readonly layout: OutputLayout;
  readonly registered: RegisteredSchema;
  /**
   * Fingerprint of the registered schema's Parsing Canonical Form, 16 hex digits. A function: computing it
   * runs avsc's checks, and the emitter's own checks (field defaults) give more precise errors first.
   */
  readonly fingerprint: () => string;
}

/** The context with the file being written. */
export type Emitting = EmitContext & ExpressionContext;
