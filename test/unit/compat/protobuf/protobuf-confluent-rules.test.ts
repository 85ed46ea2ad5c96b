import { beforeAll, describe, expect, it } from "vitest";
import { checkProtobufReaderWriter, type ProtobufSchema } from "../../../../src/compat/index.js";
import { PROTOBUF_COMPAT_CASES } from "../../../interop/protobuf-compat-cases.js";
import { compileCorpus } from "../../../support/protobuf-compat-corpus.js";

// Expected incompatibilities are the corpus's, worked out by hand from Confluent's SchemaDiff (see the corpus).

let corpus: Map<string, { old: ProtobufSchema; new: ProtobufSchema }>;

beforeAll(async () => {
  corpus = await compileCorpus(PROTOBUF_COMPAT_CASES);
}, 60_000);

function found(reader: ProtobufSchema, writer: ProtobufSchema): string[] {
  return checkProtobufReaderWriter(reader, writer, "confluent").map((f) => `${f.type} ${f.location}`);
}

describe("Confluent's Protobuf rules", () => {
  it("has a corpus of at least 25 pairs", () => {
    expect(PROTOBUF_COMPAT_CASES.length).toBeGreaterThanOrEqual(25);
  });

  for (const testCase of PROTOBUF_COMPAT_CASES) {
    it(`${testCase.id}: backward (new reads old) and forward (old reads new)`, () => {
      const pair = corpus.get(testCase.id);
      if (pair === undefined) throw new Error(`case ${testCase.id} did not compile`);
      expect(found(pair.new, pair.old)).toEqual(testCase.confluent.backward);
      expect(found(pair.old, pair.new)).toEqual(testCase.confluent.forward);
    });
  }
});
