import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors/index.js";
import { resolveSubjectNameStrategy, type SubjectNameStrategy } from "../../../src/serde/subject-name-strategy.js";

// Confluent's io.confluent.kafka.serializers.subject strategies: TopicNameStrategy (Java's default),
// RecordNameStrategy, TopicRecordNameStrategy.
describe("subject name strategies", () => {
  it.each([
    [undefined, false, "orders-value"],
    ["topic", true, "orders-key"],
    ["record", false, "com.acme.Order"],
    ["topic-record", false, "orders-com.acme.Order"],
  ] as const)("%s (key: %s) gives %s", (strategy, isKey, subject) => {
    expect(resolveSubjectNameStrategy(strategy, "subjectNameStrategy")("orders", isKey, "com.acme.Order")).toBe(
      subject,
    );
  });

  it("uses a custom function as it is", () => {
    const custom = (topic: string) => `custom.${topic}`;
    expect(resolveSubjectNameStrategy(custom, "subjectNameStrategy")("orders", false, "x")).toBe("custom.orders");
  });

  it("rejects an unknown name with the option's path", () => {
    expect(() => resolveSubjectNameStrategy("topicName" as SubjectNameStrategy, "value.subjectNameStrategy")).toThrow(
      new ConfigError("value.subjectNameStrategy", '"topic" | "record" | "topic-record" | a function', "topicName"),
    );
  });
});
