import { beforeAll, describe, expect, it } from "vitest";
import { checkCompatibility, type ProtobufSchema, protobufPairChecker } from "../../src/compat/index.js";
import { apicurioProtobufVerdicts, type ProtobufOracleVerdict } from "../support/protobuf-compat-oracle.js";
import { caseText, compileCorpus } from "../support/protobuf-compat-corpus.js";
import { type ApicurioLevel, PROTOBUF_COMPAT_CASES } from "./protobuf-compat-cases.js";

// The strict rules against Apicurio Registry's own Protobuf checker (apicurio-registry-schema-util-protobuf
// from Maven Central, one JVM for the corpus): at BACKWARD, FORWARD and FULL, schemakit's strict verdict is
// Apicurio's, except where the corpus names a deliberate difference, which must then really be one (a note
// that no longer holds fails). Needs `java` ≥ 17 and `mvn`; the first run fetches the jars (about 40 s).

const LEVELS: readonly ApicurioLevel[] = ["BACKWARD", "FORWARD", "FULL"];

let corpus: Map<string, { old: ProtobufSchema; new: ProtobufSchema }>;
let verdicts: Map<string, ProtobufOracleVerdict>;

beforeAll(async () => {
  const pairs = PROTOBUF_COMPAT_CASES.map((c) => ({ id: c.id, old: caseText(c, "old"), new: caseText(c, "new") }));
  const [compiled, answered] = await Promise.all([
    compileCorpus(PROTOBUF_COMPAT_CASES),
    apicurioProtobufVerdicts(pairs),
  ]);
  corpus = compiled;
  verdicts = new Map(answered.map((verdict) => [verdict.id, verdict]));
}, 360_000);

describe("strict Protobuf rules against Apicurio Registry's checker", () => {
  it("checks at least 25 pairs", () => {
    expect(PROTOBUF_COMPAT_CASES.length).toBeGreaterThanOrEqual(25);
  });

  for (const testCase of PROTOBUF_COMPAT_CASES) {
    it(`${testCase.id}: BACKWARD, FORWARD, FULL`, () => {
      const verdict = verdicts.get(testCase.id);
      const pair = corpus.get(testCase.id);
      if (verdict === undefined || pair === undefined) throw new Error(`no verdict or no compiled pair`);
      if ("error" in verdict) throw new Error(`Apicurio could not check ${testCase.id}: ${verdict.error}`);
      for (const level of LEVELS) {
        const ours = checkCompatibility(protobufPairChecker("strict"), {
          schema: testCase.id,
          subject: null,
          level,
          candidate: pair.new,
          previous: [{ label: "old", schema: pair.old }],
        });
        const deliberate = testCase.apicurioDiffers?.[level];
        const expected = deliberate === undefined ? verdict[level] : !verdict[level];
        const why = `${level}: Apicurio says ${verdict[level] ? "compatible" : "incompatible"} (${JSON.stringify(
          level === "FORWARD" ? verdict.forward : verdict.backward,
        )}); ours: ${JSON.stringify(ours.incompatibilities.map((f) => `${f.type} ${f.location}`))}`;
        expect(ours.compatible, why).toBe(expected);
      }
    });
  }
});
