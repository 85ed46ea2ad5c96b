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
   * The schema as registered: the base64 of the file's FileDescriptorProto without source info, what
   * Confluent's Python serializer registers. Comments and layout are not in it, so a copy of a file that
   * differs only in those registers as the same schema (Apicurio keys identity on the text it is sent).
   */
  readonly schema: string;
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
