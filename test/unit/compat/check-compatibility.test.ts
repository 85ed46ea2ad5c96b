import { describe, expect, it } from "vitest";
import { checkCompatibility, type SchemaPairChecker } from "../../../src/compat/index.js";

// A checker over strings that records each call and finds one incompatibility when reader < writer.
function recordingChecker(): { checker: SchemaPairChecker<string>; calls: string[] } {
  const calls: string[] = [];
  const checker: SchemaPairChecker<string> = {
    format: "TEST",
    check(reader, writer, direction) {
      calls.push(`${direction}: ${reader} reads ${writer}`);
      return reader < writer
        ? [{ type: "OLDER_READER", location: "/", message: `${reader} < ${writer}`, fix: "none", detail: "" }]
        : [];
    },
  };
  return { checker, calls };
}

const previous = [
  { label: "v1", schema: "a" },
  { label: "v2", schema: "b" },
];

describe("checkCompatibility", () => {
  it("BACKWARD puts the new schema in the reader's place, FORWARD in the writer's", () => {
    const { checker, calls } = recordingChecker();
    checkCompatibility(checker, { schema: "s", subject: null, level: "BACKWARD", candidate: "c", previous });
    checkCompatibility(checker, { schema: "s", subject: null, level: "FORWARD", candidate: "c", previous });
    expect(calls).toEqual(["backward: c reads b", "forward: b reads c"]);
  });

  it("labels each finding with the version it was found against and the direction", () => {
    const { checker } = recordingChecker();
    const result = checkCompatibility(checker, {
      schema: "com.acme.Order",
      subject: "orders-value",
      level: "FULL_TRANSITIVE",
      candidate: "ab",
      previous,
    });
    expect(result.compatible).toBe(false);
    expect(result.subject).toBe("orders-value");
    expect(
      result.incompatibilities.map(({ against, direction, message }) => ({ against, direction, message })),
    ).toEqual([
      { against: "v1", direction: "forward", message: "a < ab" },
      { against: "v2", direction: "backward", message: "ab < b" },
    ]);
  });

  it("a first version, or NONE, is compatible without any comparison", () => {
    const { checker, calls } = recordingChecker();
    const first = checkCompatibility(checker, {
      schema: "s",
      subject: null,
      level: "FULL",
      candidate: "0",
      previous: [],
    });
    const none = checkCompatibility(checker, { schema: "s", subject: null, level: "NONE", candidate: "0", previous });
    expect([first.compatible, none.compatible, calls]).toEqual([true, true, []]);
  });
});
