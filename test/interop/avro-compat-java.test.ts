import { beforeAll, describe, expect, it } from "vitest";
import { avroPairChecker, checkCompatibility, parseAvroSchema } from "../../src/compat/index.js";
import type { AvroNode, CompatibilityLevel } from "../../src/compat/index.js";
import { CodegenInputError } from "../../src/errors/index.js";
import { type OraclePair, type OracleVerdict, javaReaderWriterVerdicts } from "../support/avro-compat-oracle.js";
import { COMPAT_CASES, type CompatCase, type CorpusVersion } from "./avro-compat-cases.js";

// Every expected verdict and incompatibility here is Apache Avro's (Java SchemaCompatibility, avro 1.12.2
// from Maven Central, one JVM for the whole corpus). The levels are composed from Java's pair verdicts by
// the registry's documented rule, written out below independently of the engine's own level code.

type Direction = "backward" | "forward";

// Confluent's level semantics with n earlier versions (oldest first): which version, which way.
const LEVEL_COMPARISONS: Readonly<Record<Exclude<CompatibilityLevel, "NONE">, (n: number) => [number, Direction][]>> = {
  BACKWARD: (n) => [[n - 1, "backward"]],
  BACKWARD_TRANSITIVE: (n) => range(n).map((i) => [i, "backward"]),
  FORWARD: (n) => [[n - 1, "forward"]],
  FORWARD_TRANSITIVE: (n) => range(n).map((i) => [i, "forward"]),
  FULL: (n) => [
    [n - 1, "backward"],
    [n - 1, "forward"],
  ],
  FULL_TRANSITIVE: (n) =>
    range(n).flatMap((i): [number, Direction][] => [
      [i, "backward"],
      [i, "forward"],
    ]),
};
const LEVELS = Object.keys(LEVEL_COMPARISONS) as Exclude<CompatibilityLevel, "NONE">[];

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function pairId(caseIndex: number, versionIndex: number, direction: Direction): string {
  return `${caseIndex}/${versionIndex}/${direction}`;
}

function oraclePairs(): OraclePair[] {
  return COMPAT_CASES.flatMap((testCase, caseIndex) =>
    testCase.previous.flatMap((earlier, versionIndex) => {
      const backward = side(testCase.candidate, earlier);
      const forward = side(earlier, testCase.candidate);
      return [
        { id: pairId(caseIndex, versionIndex, "backward"), ...backward },
        { id: pairId(caseIndex, versionIndex, "forward"), ...forward },
      ];
    }),
  );
}

function side(reader: CorpusVersion, writer: CorpusVersion): Omit<OraclePair, "id"> {
  return {
    reader: reader.schema,
    writer: writer.schema,
    ...(reader.references === undefined ? {} : { readerReferences: reader.references }),
    ...(writer.references === undefined ? {} : { writerReferences: writer.references }),
  };
}

function parse(version: CorpusVersion, label: string): AvroNode {
  return parseAvroSchema(
    { schema: version.schema, source: label },
    (version.references ?? []).map((schema, index) => ({ schema, source: `${label} reference ${index}` })),
  );
}

interface Finding {
  readonly type: string;
  readonly location: string;
  readonly detail: string;
  readonly against: string;
  readonly direction: Direction;
}

function ours(testCase: CompatCase, level: CompatibilityLevel): { compatible: boolean; findings: Finding[] } {
  const result = checkCompatibility(avroPairChecker, {
    schema: testCase.name,
    subject: null,
    level,
    candidate: parse(testCase.candidate, "new"),
    previous: testCase.previous.map((version, index) => ({
      label: `v${index + 1}`,
      schema: parse(version, `v${index + 1}`),
    })),
  });
  for (const found of result.incompatibilities) {
    expect(found.message.length, `${found.type} message`).toBeGreaterThan(20);
    expect(found.fix.length, `${found.type} fix`).toBeGreaterThan(10);
  }
  return {
    compatible: result.compatible,
    findings: result.incompatibilities.map(({ type, location, detail, against, direction }) => ({
      type,
      location,
      detail,
      against,
      direction,
    })),
  };
}

describe("Avro compatibility against Apache Avro's Java SchemaCompatibility (avro 1.12.2)", () => {
  let verdicts: Map<string, OracleVerdict>;

  beforeAll(async () => {
    const pairs = oraclePairs();
    verdicts = new Map((await javaReaderWriterVerdicts(pairs)).map((verdict) => [verdict.id, verdict]));
  });

  it("the corpus is large enough: at least 40 cases, some with several earlier versions", () => {
    expect(COMPAT_CASES.length).toBeGreaterThanOrEqual(40);
    expect(COMPAT_CASES.filter((testCase) => testCase.previous.length > 1).length).toBeGreaterThanOrEqual(4);
    expect(new Set(COMPAT_CASES.map((testCase) => testCase.name)).size).toBe(COMPAT_CASES.length);
  });

  it("Java finds both verdicts in the corpus, and every incompatibility type", () => {
    const found = [...verdicts.values()].flatMap((verdict) =>
      "error" in verdict ? [] : verdict.incompatibilities.map((incompatibility) => incompatibility.type),
    );
    expect(new Set(found)).toEqual(
      new Set([
        "NAME_MISMATCH",
        "FIXED_SIZE_MISMATCH",
        "MISSING_ENUM_SYMBOLS",
        "READER_FIELD_MISSING_DEFAULT_VALUE",
        "TYPE_MISMATCH",
        "MISSING_UNION_BRANCH",
      ]),
    );
    expect([...verdicts.values()].some((verdict) => "compatible" in verdict && verdict.compatible)).toBe(true);
  });

  it("Java refuses exactly the cases meant to be invalid (so the parity of refusals is tested too)", () => {
    const refusedEverywhere = COMPAT_CASES.filter((testCase, caseIndex) =>
      testCase.previous.every((_, versionIndex) =>
        (["backward", "forward"] as const).every((direction) => {
          const verdict = verdicts.get(pairId(caseIndex, versionIndex, direction));
          return verdict !== undefined && "error" in verdict;
        }),
      ),
    ).map((testCase) => testCase.name);
    expect(refusedEverywhere).toEqual(COMPAT_CASES.filter((c) => c.name.startsWith("invalid")).map((c) => c.name));
    expect(refusedEverywhere.length).toBeGreaterThanOrEqual(5);
  });

  COMPAT_CASES.forEach((testCase, caseIndex) => {
    it(`${testCase.name}: same verdict and incompatibilities as Java at all 6 levels`, () => {
      for (const level of LEVELS) {
        const expected: Finding[] = [];
        let refused: string | undefined;
        for (const [versionIndex, direction] of LEVEL_COMPARISONS[level](testCase.previous.length)) {
          const verdict = verdicts.get(pairId(caseIndex, versionIndex, direction));
          if (verdict === undefined) throw new Error(`no Java verdict for ${testCase.name}`);
          if ("error" in verdict) {
            // Java refuses the pair (an AvroRuntimeException): so must we, with a typed error.
            expected.length = 0;
            refused = verdict.error;
            break;
          }
          expect(verdict.compatible).toBe(verdict.incompatibilities.length === 0);
          for (const incompatibility of verdict.incompatibilities) {
            expected.push({
              type: incompatibility.type,
              location: incompatibility.location,
              detail: incompatibility.message,
              against: `v${versionIndex + 1}`,
              direction,
            });
          }
        }
        if (refused !== undefined) {
          expect(() => ours(testCase, level), `${level}: Java says ${refused}`).toThrow(CodegenInputError);
          continue;
        }
        const actual = ours(testCase, level);
        expect(actual.findings, level).toEqual(expected);
        expect(actual.compatible, level).toBe(expected.length === 0);
      }
    });
  });
});
