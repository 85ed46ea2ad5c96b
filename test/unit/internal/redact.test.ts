import { describe, expect, it } from "vitest";
import { REDACTED, redact, truncate } from "../../../src/internal/redact.js";

describe("redact", () => {
  it("replaces every occurrence of each secret, the longer first", () => {
    const text = "Authorization: Basic dTpwdw== token=dTpwdw== again dTpwdw==";
    expect(redact(text, ["dTpwdw==", "Basic dTpwdw=="])).toBe(
      `Authorization: ${REDACTED} token=${REDACTED} again ${REDACTED}`,
    );
  });

  it("ignores empty secrets and leaves text without them alone", () => {
    expect(redact("nothing here", ["", "absent"])).toBe("nothing here");
  });
});

describe("truncate", () => {
  it("keeps short text and says how much of long text was left out", () => {
    expect(truncate("short", 10)).toBe("short");
    expect(truncate("x".repeat(25), 10)).toBe(`${"x".repeat(10)}… (15 more characters)`);
  });
});
