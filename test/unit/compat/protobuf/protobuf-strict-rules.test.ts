import { beforeAll, describe, expect, it } from "vitest";
import { checkProtobufReaderWriter, type ProtobufSchema } from "../../../../src/compat/index.js";
import { PROTOBUF_COMPAT_CASES } from "../../../interop/protobuf-compat-cases.js";
import { compileCorpus } from "../../../support/protobuf-compat-corpus.js";

// The strict rules' findings (type and place) on corpus pairs, worked out by hand from Apicurio's rules
// (protolock's: reserve what you remove, keep names, numbers, types and labels); their verdicts are checked
// against Apicurio's own checker in test/interop/protobuf-compat-apicurio.test.ts.

let corpus: Map<string, { old: ProtobufSchema; new: ProtobufSchema }>;

beforeAll(async () => {
  corpus = await compileCorpus(PROTOBUF_COMPAT_CASES);
}, 60_000);

function strict(id: string, direction: "backward" | "forward"): string[] {
  const pair = corpus.get(id);
  if (pair === undefined) throw new Error(`no case ${id}`);
  const [reader, writer] = direction === "backward" ? [pair.new, pair.old] : [pair.old, pair.new];
  return checkProtobufReaderWriter(reader, writer, "strict").map((found) => `${found.type} ${found.location}`);
}

describe("strict Protobuf rules", () => {
  it("a field removed must leave its number and name reserved", () => {
    expect(strict("field_removed_unreserved", "backward")).toEqual(["FIELD_REMOVED_WITHOUT_RESERVED #/Order/2"]);
    expect(strict("field_removed_reserved", "backward")).toEqual([]);
  });

  it("reserved numbers and names stay reserved and unused", () => {
    expect(strict("field_removed_reserved", "forward")).toEqual([
      "RESERVED_FIELD_REUSED #/Order/2",
      "RESERVED_FIELD_REMOVED #/Order/reserved/2",
      "RESERVED_FIELD_REMOVED #/Order/reserved/note",
    ]);
    expect(strict("reserved_number_reused", "backward")).toEqual([
      "RESERVED_FIELD_REUSED #/Order/3",
      "RESERVED_FIELD_REMOVED #/Order/reserved/3",
    ]);
  });

  it("a field keeps its name, number, type and label", () => {
    expect(strict("field_renamed", "backward")).toEqual([
      "FIELD_REMOVED_WITHOUT_RESERVED #/Order/2",
      "FIELD_NAME_CHANGED #/Order/2",
    ]);
    expect(strict("field_number_changed", "backward")).toEqual(["FIELD_NUMBER_CHANGED #/Order/2"]);
    expect(strict("int32_to_int64", "backward")).toEqual(["FIELD_TYPE_CHANGED #/Order/2"]);
    expect(strict("proto3_singular_to_repeated", "forward")).toEqual(["FIELD_LABEL_CHANGED #/Order/2"]);
  });

  it("enum values keep their names and are not removed", () => {
    expect(strict("enum_value_removed", "backward")).toEqual(["ENUM_CONST_REMOVED #/Color/2"]);
    expect(strict("enum_value_renamed", "backward")).toEqual(["ENUM_CONST_CHANGED #/Color/1"]);
  });

  it("an RPC is not removed and keeps its signature (Apicurio's service rules; Confluent's have none)", () => {
    expect(strict("rpc_removed", "backward")).toEqual(["RPC_REMOVED #/Shop/Add"]);
    expect(strict("rpc_removed", "forward")).toEqual([]);
    expect(strict("rpc_added", "backward")).toEqual([]);
    expect(strict("rpc_added", "forward")).toEqual(["RPC_REMOVED #/Shop/Add"]);
    expect(strict("rpc_signature_changed", "backward")).toEqual(["RPC_SIGNATURE_CHANGED #/Shop/Find"]);
    expect(strict("rpc_signature_changed", "forward")).toEqual(["RPC_SIGNATURE_CHANGED #/Shop/Find"]);
  });

  it("adds no second reason where Confluent's rules already refuse the change", () => {
    expect(strict("int32_to_string", "backward")).toEqual(["FIELD_SCALAR_KIND_CHANGED #/Order/2"]);
  });

  it("allows what both rule sets allow", () => {
    expect(strict("field_added", "backward")).toEqual([]);
    expect(strict("messages_reordered", "backward")).toEqual([]);
  });
});
