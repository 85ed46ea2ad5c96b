import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCompatibility, type ProtobufSchema, protobufPairChecker } from "../../src/compat/index.js";
import { HttpRegistryClient } from "../../src/registry/index.js";
import { type ApicurioLevel, PROTOBUF_COMPAT_CASES } from "../interop/protobuf-compat-cases.js";
import { caseText, compileCorpus } from "../support/protobuf-compat-corpus.js";
import { requireServices, uniqueName } from "../support/services.js";

// The strict Protobuf rules against the registry that is running: each corpus pair's old file is
// registered under a fresh subject, and the registry's own verdict on the new file (its compatibility
// endpoint, against that one version) at BACKWARD, FORWARD and FULL is compared with schemakit's strict
// verdict, with the same deliberate differences as against Apicurio's checker from Maven Central at
// BACKWARD and FORWARD; the registry's FULL is both of those, as schemakit's is.

const services = requireServices();
const LEVELS: readonly ApicurioLevel[] = ["BACKWARD", "FORWARD", "FULL"];
let client: HttpRegistryClient;
let corpus: Map<string, { old: ProtobufSchema; new: ProtobufSchema }>;

beforeAll(async () => {
  corpus = await compileCorpus(PROTOBUF_COMPAT_CASES);
}, 60_000);

afterAll(async () => {
  await client?.close();
});

describe("strict Protobuf rules against the registry's own verdicts", () => {
  for (const testCase of PROTOBUF_COMPAT_CASES) {
    it(`${testCase.id}: BACKWARD, FORWARD, FULL`, async () => {
      client ??= new HttpRegistryClient({ url: services().schemaRegistryUrl });
      const pair = corpus.get(testCase.id);
      if (pair === undefined) throw new Error(`case ${testCase.id} did not compile`);
      const subject = uniqueName(`proto-compat-${testCase.id}`);
      await client.register(subject, { schema: caseText(testCase, "old"), schemaType: "PROTOBUF" });
      const registry = new Map<ApicurioLevel, boolean>();
      const ours = new Map<ApicurioLevel, readonly string[]>();
      for (const level of LEVELS) {
        await client.setCompatibility(level, subject);
        const answer = await client.checkCompatibility(subject, {
          schema: caseText(testCase, "new"),
          schemaType: "PROTOBUF",
        });
        registry.set(level, answer.isCompatible);
        const result = checkCompatibility(protobufPairChecker("strict"), {
          schema: testCase.id,
          subject,
          level,
          candidate: pair.new,
          previous: [{ label: "1", schema: pair.old }],
        });
        ours.set(
          level,
          result.incompatibilities.map((found) => `${found.type} ${found.location}`),
        );
      }
      const expected = (level: "BACKWARD" | "FORWARD"): boolean => {
        const said = registry.get(level) === true;
        return testCase.apicurioDiffers?.[level] === undefined ? said : !said;
      };
      const why = (level: ApicurioLevel): string =>
        `${level}: the registry says ${registry.get(level) ? "compatible" : "incompatible"}; ours: ` +
        JSON.stringify(ours.get(level));
      // The registry's FULL is both directions (the Maven Central checker's is either), and so is ours.
      expect(registry.get("FULL"), "the registry's FULL").toBe(registry.get("BACKWARD") && registry.get("FORWARD"));
      expect(ours.get("BACKWARD")?.length === 0, why("BACKWARD")).toBe(expected("BACKWARD"));
      expect(ours.get("FORWARD")?.length === 0, why("FORWARD")).toBe(expected("FORWARD"));
      expect(ours.get("FULL")?.length === 0, why("FULL")).toBe(expected("BACKWARD") && expected("FORWARD"));
    });
  }
});
