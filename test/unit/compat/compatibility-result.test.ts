import { describe, expect, it } from "vitest";
import { createCompatibilityReport, toCompatibilityReportJson } from "../../../src/compat/index.js";

describe("the JSON report (schemakit check --format json)", () => {
  it("has exactly the documented shape and key order; the message ends with the usual fix", () => {
    const report = createCompatibilityReport([
      {
        schema: "com.acme.Order",
        subject: null,
        level: "BACKWARD",
        compatible: false,
        incompatibilities: [
          {
            type: "READER_FIELD_MISSING_DEFAULT_VALUE",
            location: "/fields/2",
            message: "`Order.note`: field `note` is new and has no default.",
            fix: "give `note` a default.",
            detail: "note",
            against: "schemas/v1/order.avsc",
            direction: "backward",
          },
        ],
      },
      { schema: "com.acme.Customer", subject: null, level: "BACKWARD", compatible: true, incompatibilities: [] },
    ]);
    expect(JSON.stringify(toCompatibilityReportJson(report))).toBe(
      JSON.stringify({
        compatible: false,
        results: [
          {
            schema: "com.acme.Order",
            subject: null,
            level: "BACKWARD",
            compatible: false,
            incompatibilities: [
              {
                type: "READER_FIELD_MISSING_DEFAULT_VALUE",
                location: "/fields/2",
                message: "`Order.note`: field `note` is new and has no default. Usual fix: give `note` a default.",
                against: "schemas/v1/order.avsc",
              },
            ],
          },
          { schema: "com.acme.Customer", subject: null, level: "BACKWARD", compatible: true, incompatibilities: [] },
        ],
      }),
    );
  });

  it("a report is compatible only when every result is", () => {
    expect(createCompatibilityReport([]).compatible).toBe(true);
    const ok = { schema: "a", subject: null, level: "FULL" as const, compatible: true, incompatibilities: [] };
    expect(createCompatibilityReport([ok, { ...ok, compatible: false }]).compatible).toBe(false);
  });
});
