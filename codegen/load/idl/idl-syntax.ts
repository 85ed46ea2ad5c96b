import type { JsonValue } from "./json-value.js";

// The syntax tree of one Avro IDL file, as written: names are not yet qualified, nothing is resolved.
// Every node keeps the offset of its first token for error messages.

export interface Located {
  readonly offset: number;
}

export interface PropertySyntax extends Located {
  readonly name: string;
  readonly value: JsonValue;
  /** Offset of the value's first token (Java reports property value errors there). */
  readonly valueOffset: number;
}

export type PrimitiveKeyword =
  | "boolean"
  | "int"
  | "long"
  | "float"
  | "double"
  | "bytes"
  | "string"
  | "null"
  | "date"
  | "time_ms"
  | "timestamp_ms"
  | "local_timestamp_ms"
  | "uuid";

export type PlainTypeSyntax =
  | (Located & { readonly kind: "primitive"; readonly name: PrimitiveKeyword; readonly optional: boolean })
  | (Located & {
      readonly kind: "decimal";
      readonly precision: string;
      readonly scale: string | undefined;
      readonly optional: boolean;
    })
  | (Located & { readonly kind: "reference"; readonly name: string; readonly optional: boolean })
  | (Located & { readonly kind: "array"; readonly items: FullTypeSyntax })
  | (Located & { readonly kind: "map"; readonly values: FullTypeSyntax })
  | (Located & { readonly kind: "union"; readonly branches: readonly FullTypeSyntax[] });

/** A type with the properties written before it (`@logicalType("...") long`). */
export interface FullTypeSyntax extends Located {
  readonly properties: readonly PropertySyntax[];
  readonly type: PlainTypeSyntax;
}

export interface VariableSyntax extends Located {
  readonly doc: string | undefined;
  readonly properties: readonly PropertySyntax[];
  readonly name: string;
  readonly default: (Located & { readonly value: JsonValue }) | undefined;
}

export interface FieldSyntax extends Located {
  readonly doc: string | undefined;
  readonly type: FullTypeSyntax;
  readonly variables: readonly VariableSyntax[];
}

interface NamedSyntax extends Located {
  readonly doc: string | undefined;
  readonly properties: readonly PropertySyntax[];
  readonly name: string;
  readonly nameOffset: number;
}

export interface RecordSyntax extends NamedSyntax {
  readonly kind: "record";
  readonly error: boolean;
  readonly fields: readonly FieldSyntax[];
}

export interface EnumSyntax extends NamedSyntax {
  readonly kind: "enum";
  readonly symbols: readonly (Located & { readonly name: string })[];
  readonly default: (Located & { readonly name: string }) | undefined;
}

export interface FixedSyntax extends NamedSyntax {
  readonly kind: "fixed";
  readonly size: Located & { readonly text: string };
}

export type NamedTypeSyntax = RecordSyntax | EnumSyntax | FixedSyntax;

export interface ImportSyntax extends Located {
  readonly kind: "import";
  readonly importKind: "idl" | "protocol" | "schema";
  readonly location: string;
  readonly locationOffset: number;
}

export interface MessageSyntax extends Located {
  readonly kind: "message";
  readonly doc: string | undefined;
  readonly properties: readonly PropertySyntax[];
  /** undefined for `void`. */
  readonly result: PlainTypeSyntax | undefined;
  readonly resultOffset: number;
  readonly name: string;
  readonly parameters: readonly FieldSyntax[];
  readonly oneway: boolean;
  readonly errors: readonly (Located & { readonly name: string })[];
}

export interface ProtocolSyntax extends Located {
  readonly doc: string | undefined;
  readonly properties: readonly PropertySyntax[];
  readonly name: string;
  readonly nameOffset: number;
  readonly body: readonly (ImportSyntax | NamedTypeSyntax | MessageSyntax)[];
}

export type IdlFileSyntax =
  | { readonly kind: "protocol"; readonly protocol: ProtocolSyntax }
  | {
      readonly kind: "schema";
      readonly namespace: (Located & { readonly name: string }) | undefined;
      readonly mainSchema: FullTypeSyntax | undefined;
      readonly body: readonly (ImportSyntax | NamedTypeSyntax)[];
    };
