// The graph a parsed Avro schema becomes: the nodes the compatibility rules walk.

/** Avro's schema types, named as Apache Avro's `Schema.Type` prints them (messages use these). */
export type AvroTypeName =
  | "NULL"
  | "BOOLEAN"
  | "INT"
  | "LONG"
  | "FLOAT"
  | "DOUBLE"
  | "BYTES"
  | "STRING"
  | "ARRAY"
  | "MAP"
  | "UNION"
  | "RECORD"
  | "ENUM"
  | "FIXED";

export type AvroPrimitiveTypeName = "NULL" | "BOOLEAN" | "INT" | "LONG" | "FLOAT" | "DOUBLE" | "BYTES" | "STRING";

/**
 * A parsed Avro schema as a graph. Object identity carries meaning, as in Java: every occurrence of a
 * primitive, array, map or union is its own node, while every use of a named type is the one node that
 * defines it (so recursive schemas are cycles, and the checker's memo is keyed by node identity).
 */
export type AvroNode = AvroPrimitiveNode | AvroArrayNode | AvroMapNode | AvroUnionNode | AvroNamedNode;
export type AvroNamedNode = AvroRecordNode | AvroEnumNode | AvroFixedNode;

export interface AvroPrimitiveNode {
  readonly type: AvroPrimitiveTypeName;
}

export interface AvroArrayNode {
  readonly type: "ARRAY";
  readonly items: AvroNode;
}

export interface AvroMapNode {
  readonly type: "MAP";
  readonly values: AvroNode;
}

export interface AvroUnionNode {
  readonly type: "UNION";
  readonly branches: readonly AvroNode[];
}

interface AvroNamedBase {
  /** Namespace-qualified name. */
  readonly fullName: string;
  /** The name without its namespace: what Avro's compatibility check compares. */
  readonly name: string;
  readonly namespace: string | undefined;
  /**
   * Aliases as Java's `Schema.getAliases()` returns them: qualified with the type's namespace, except
   * that an alias in the null namespace of a namespaced type reads ".Name" (and so matches no name).
   */
  readonly aliases: readonly string[];
}

export interface AvroRecordNode extends AvroNamedBase {
  readonly type: "RECORD";
  /** Filled after the node is created, so that a record can contain itself. */
  readonly fields: AvroField[];
}

export interface AvroField {
  readonly name: string;
  readonly position: number;
  readonly type: AvroNode;
  /** True when the field declares a default, `null` included. */
  readonly hasDefault: boolean;
  readonly aliases: readonly string[];
}

export interface AvroEnumNode extends AvroNamedBase {
  readonly type: "ENUM";
  readonly symbols: readonly string[];
  /** The enum's own default symbol (Avro ≥ 1.9): readers map unknown symbols to it. */
  readonly default: string | undefined;
}

export interface AvroFixedNode extends AvroNamedBase {
  readonly type: "FIXED";
  readonly size: number;
}
