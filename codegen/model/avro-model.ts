// The language-neutral model between loading schemas and emitting TypeScript: what the emitter needs to
// know of each named type and field, with names resolved and every reference checked. A Protobuf loader
// can produce the same shapes later.

/** Where a definition was read: the source file (relative to the working directory) and a JSON path. */
export interface SourceLocation {
  readonly file: string;
  readonly jsonPath: string;
}

export type PrimitiveName = "null" | "boolean" | "int" | "long" | "float" | "double" | "bytes" | "string";

/** A logical type on a primitive or fixed, with the attributes that shape its values. */
export interface LogicalModel {
  readonly name: string;
  readonly precision?: number;
  readonly scale?: number;
}

/** Attributes written on a type object besides its structure (logicalType, precision, custom properties). */
export type TypeAttributes = Readonly<Record<string, unknown>>;

export type TypeModel =
  | {
      readonly kind: "primitive";
      readonly name: PrimitiveName;
      readonly logical?: LogicalModel;
      readonly attributes?: TypeAttributes;
    }
  | { readonly kind: "array"; readonly items: TypeModel; readonly attributes?: TypeAttributes }
  | { readonly kind: "map"; readonly values: TypeModel; readonly attributes?: TypeAttributes }
  | { readonly kind: "union"; readonly branches: readonly TypeModel[] }
  /** A named type, by full name (defined elsewhere in the model). */
  | { readonly kind: "named"; readonly fullName: string };

export interface FieldModel {
  readonly name: string;
  readonly doc: string | undefined;
  readonly type: TypeModel;
  /** The schema default, as JSON; absent when the field has none. */
  readonly default?: { readonly value: unknown };
  readonly aliases: readonly string[];
  /** The field exactly as written in the schema (attributes kept for the registered schema). */
  readonly raw: Readonly<Record<string, unknown>>;
}

interface NamedBase {
  readonly fullName: string;
  readonly name: string;
  readonly namespace: string;
  readonly doc: string | undefined;
  readonly aliases: readonly string[];
  readonly location: SourceLocation;
  /**
   * Full name of the top-level named type of its file that contains this definition (itself when it is
   * top-level): the schema other files reference it through.
   */
  readonly root: string;
  /** The definition as written, attributes included (doc, aliases, custom properties). */
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface RecordModel extends NamedBase {
  readonly kind: "record";
  readonly fields: readonly FieldModel[];
}

export interface EnumModel extends NamedBase {
  readonly kind: "enum";
  readonly symbols: readonly string[];
  readonly default: string | undefined;
}

export interface FixedModel extends NamedBase {
  readonly kind: "fixed";
  readonly size: number;
  readonly logical: LogicalModel | undefined;
}

export type NamedModel = RecordModel | EnumModel | FixedModel;

/** One schema file as read: its path, the SHA-256 of its bytes, and the named types it defines, in order. */
export interface SourceModel {
  readonly file: string;
  readonly sha256: string;
  readonly definitions: readonly string[];
}

/** Everything loaded: named types by full name (in definition order) and the files they came from. */
export interface SchemaModel {
  readonly types: ReadonlyMap<string, NamedModel>;
  readonly sources: readonly SourceModel[];
}
