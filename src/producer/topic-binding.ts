import type { AvroRecordDesc, ProtobufMessageDesc } from "../schema/index.js";
import type { SubjectNameStrategyName } from "../serde/subject-name-strategy.js";
import type { PartitionerName } from "./partitioners/partitioner-names.js";

export type { PartitionerName, SubjectNameStrategyName };

/** A generated record or message class as a topic binding names it: constructible, with its descriptor. */
export interface BoundRecordClass<T, I> {
  new (init: I): T;
  readonly schema: AvroRecordDesc<T, I> | ProtobufMessageDesc<T, I>;
}

/** How a topic's keys are serialized: UTF-8 text, raw bytes, or a record class (subject `<topic>-key`). */
export type TopicKey<K> = "string" | "bytes" | BoundRecordClass<K, never>;

/** The fields of `T` whose values can be a string or bytes key. */
export type KeyFieldOf<T> = { [F in keyof T]-?: T[F] extends string | Buffer ? F : never }[keyof T] & string;

export interface TopicBindingDefinition<V, VI, K> {
  readonly topic: string;
  readonly value: BoundRecordClass<V, VI>;
  /** Default "string" when `keyField` is given, else no key. */
  readonly key?: TopicKey<K>;
  /** The field of the value used as key (a string or bytes field): the key maker of config-driven bindings. */
  readonly keyField?: KeyFieldOf<V>;
  /** Default "topic": subjects `<topic>-value` / `<topic>-key`, as Java's default. */
  readonly subjectNameStrategy?: SubjectNameStrategyName;
  /** Default "murmur2": Java's partition for keyed records, sticky for keyless ones. */
  readonly partitioner?: PartitionerName;
}

/** A typed topic: what `producer.topic(binding)` takes, so that `send` accepts only `V` (or its Init). */
export interface TopicBinding<V, VI = V, K = never> {
  readonly kind: "topic-binding";
  readonly topic: string;
  readonly value: BoundRecordClass<V, VI>;
  readonly key: TopicKey<K> | undefined;
  readonly keyField: KeyFieldOf<V> | undefined;
  readonly subjectNameStrategy: SubjectNameStrategyName;
  readonly partitioner: PartitionerName;
}

/** Builds a topic binding; generated from the topics of schemakit.config.json, or written by hand. */
export function defineTopic<V, VI, K = never>(definition: TopicBindingDefinition<V, VI, K>): TopicBinding<V, VI, K> {
  if (typeof definition.topic !== "string" || definition.topic === "")
    throw new TypeError("defineTopic: topic must be a non-empty string");
  return Object.freeze({
    kind: "topic-binding",
    topic: definition.topic,
    value: definition.value,
    key: definition.key ?? (definition.keyField === undefined ? undefined : "string"),
    keyField: definition.keyField,
    subjectNameStrategy: definition.subjectNameStrategy ?? "topic",
    partitioner: definition.partitioner ?? "murmur2",
  });
}
