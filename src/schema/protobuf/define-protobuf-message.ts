import type { ProtobufFileDesc, ProtobufMessageDesc } from "./protobuf-descriptors.js";

export interface ProtobufMessageDefinition<T, I> {
  /** Full name ("com.acme.orders.Order.Line"). */
  readonly name: string;
  readonly file: ProtobufFileDesc;
  /** The message's path in its file, computed at generation time (see ProtobufMessageDesc). */
  readonly messageIndexes: readonly number[];
  /** The generated class; messages are then encoded from and decoded into its instances. */
  readonly messageClass?: new (
    init: I,
  ) => T;
  /** Builds the message from decoded data; defaults to `new messageClass(init)`, else the data as it is. */
  readonly create?: (init: I) => T;
}

/**
 * Builds the descriptor of a Protobuf message. Generated classes call this for their static `schema`;
 * code without generated classes can call it too (messages are then plain objects).
 */
export function defineProtobufMessage<T, I = T>(
  definition: ProtobufMessageDefinition<T, I>,
): ProtobufMessageDesc<T, I> {
  const { name, file, messageIndexes } = definition;
  if (typeof name !== "string" || !/^[A-Za-z_][\w.]*$/.test(name)) {
    throw new TypeError(`defineProtobufMessage: name must be a full message name, got ${String(name)}`);
  }
  if (file?.kind !== "protobuf" || file.descType !== "file") {
    throw new TypeError(`defineProtobufMessage(${name}): file must come from defineProtobufFile`);
  }
  if (
    !Array.isArray(messageIndexes) ||
    messageIndexes.length === 0 ||
    !messageIndexes.every((index) => Number.isInteger(index) && index >= 0 && index <= 0x3fffffff)
  ) {
    throw new TypeError(`defineProtobufMessage(${name}): messageIndexes must be a non-empty path of indexes`);
  }
  const messageClass = definition.messageClass;
  const create =
    definition.create ??
    (messageClass === undefined ? (init: I) => init as unknown as T : (init: I) => new messageClass(init));
  const isInstance =
    messageClass === undefined ? undefined : (value: unknown): value is T => value instanceof messageClass;
  return Object.freeze({
    kind: "protobuf",
    descType: "message",
    name,
    file,
    messageIndexes: Object.freeze([...messageIndexes]),
    create,
    isInstance,
  });
}
