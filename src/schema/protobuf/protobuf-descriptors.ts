/**
 * The runtime descriptor of one .proto file: what is registered as one Schema Registry schema. Imports
 * are the file's references (reference name and subject = import path, Confluent's default).
 */
export interface ProtobufFileDesc {
  readonly kind: "protobuf";
  readonly descType: "file";
  /** The import path, e.g. "com/acme/orders/order.proto": the reference name and default subject. */
  readonly path: string;
  /**
   * The schema as registered: the file's canonical `.proto` text, printed from its compiled descriptor, so
   * a copy differing only in comments or layout registers as the same schema (Apicurio keys identity on
   * the text it is sent), and registries and Confluent's deserializers can render and read it.
   */
  readonly schema: string;
  /**
   * The base64 of the file's FileDescriptorProto without source info (what Confluent's Python serializer
   * would register): what the runtime encodes and decodes with, as no .proto parser runs at run time.
   */
  readonly descriptor: string;
  /** The files this one imports, in import order, well-known types included; lazy, as files may cycle. */
  readonly imports: () => readonly ProtobufFileDesc[];
}

/**
 * The runtime descriptor of a Protobuf message type: what a generated class carries as its static
 * `schema`, and what serializers are built from. Everything here is known at generation time.
 */
export interface ProtobufMessageDesc<T, I = T> {
  readonly kind: "protobuf";
  readonly descType: "message";
  /** Full name, e.g. "com.acme.orders.Order.Line". */
  readonly name: string;
  /** The file that declares the message. */
  readonly file: ProtobufFileDesc;
  /**
   * The message's path in its file as Confluent's serializers write it: its position among the message
   * declarations at each nesting level, map-entry messages counted (e.g. [0, 1]).
   */
  readonly messageIndexes: readonly number[];
  /** Builds the message (a generated class instance) from constructor input or decoded data. */
  readonly create: (init: I) => T;
  /** Whether a value already is the message's class; undefined for a descriptor without a class. */
  readonly isInstance: ((value: unknown) => value is T) | undefined;
}

/** Any Protobuf message descriptor, whatever its value types (`create`'s input makes it contravariant). */
export type AnyProtobufMessageDesc = ProtobufMessageDesc<unknown, never>;

/**
 * A field the reader's message does not declare, kept as read (field number, wire type, the bytes after
 * the tag), so a consumer on an older class writes it back when it re-produces the message.
 */
export interface ProtobufUnknownField {
  readonly no: number;
  readonly wireType: number;
  readonly data: Uint8Array;
}
