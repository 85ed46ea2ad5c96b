import { ConfigError } from "../errors/index.js";

/** Computes a subject from the topic, whether the schema is for the key, and the record's full name. */
export type SubjectNameFunction = (topic: string, isKey: boolean, recordName: string) => string;

/** The three strategies of Confluent's serializers, by name (Java's TopicName, RecordName, TopicRecordName). */
export const SUBJECT_NAME_STRATEGIES = ["topic", "record", "topic-record"] as const;

/** A subject name strategy by name. */
export type SubjectNameStrategyName = (typeof SUBJECT_NAME_STRATEGIES)[number];

/** One of Confluent's strategies, or a function of one's own. */
export type SubjectNameStrategy = SubjectNameStrategyName | SubjectNameFunction;

/** TopicNameStrategy, Java's default: `<topic>-key` / `<topic>-value`. */
export const topicNameStrategy: SubjectNameFunction = (topic, isKey) => `${topic}-${isKey ? "key" : "value"}`;
/** RecordNameStrategy: the record's full name, whatever the topic. */
export const recordNameStrategy: SubjectNameFunction = (_topic, _isKey, recordName) => recordName;
/** TopicRecordNameStrategy: `<topic>-<full name>`. */
export const topicRecordNameStrategy: SubjectNameFunction = (topic, _isKey, recordName) => `${topic}-${recordName}`;

export function resolveSubjectNameStrategy(
  strategy: SubjectNameStrategy | undefined,
  option: string,
): SubjectNameFunction {
  switch (strategy) {
    case undefined:
    case "topic":
      return topicNameStrategy;
    case "record":
      return recordNameStrategy;
    case "topic-record":
      return topicRecordNameStrategy;
    default:
      if (typeof strategy === "function") return strategy;
      throw new ConfigError(
        option,
        `${SUBJECT_NAME_STRATEGIES.map((name) => `"${name}"`).join(" | ")} | a function`,
        strategy,
      );
  }
}
