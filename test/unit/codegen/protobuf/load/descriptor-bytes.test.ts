import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { create, toBinary } from "@bufbuild/protobuf";
import { type FileDescriptorProto, FileDescriptorProtoSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { compileProtos, type CompiledProtos } from "../../../../../codegen/protobuf/load/compile-protos.js";
import { fileDescriptorBytes } from "../../../../../codegen/protobuf/load/descriptor-bytes.js";

const FIXTURES = fileURLToPath(new URL("../../../../fixtures/proto/", import.meta.url));

function reencoded(proto: FileDescriptorProto): Uint8Array {
  return toBinary(FileDescriptorProtoSchema, { ...proto, sourceCodeInfo: undefined });
}

describe("fileDescriptorBytes", () => {
  it("equals toBinary without source info, for every fixture file and the well-known types it imports", async () => {
    const sets: CompiledProtos[] = await Promise.all([
      compileProtos({ cwd: join(FIXTURES, "printer"), includePaths: ["."], files: ["shapes/everything3.proto"] }),
      compileProtos({ cwd: join(FIXTURES, "printer"), includePaths: ["."], files: ["shapes/editions.proto"] }),
      compileProtos({ cwd: join(FIXTURES, "printer"), includePaths: ["."], files: ["shapes/legacy2.proto"] }),
      compileProtos({ cwd: FIXTURES, includePaths: ["main", "shared"], files: ["main/com/acme/orders/order.proto"] }),
      compileProtos({
        cwd: join(FIXTURES, "syntaxes"),
        includePaths: ["."],
        files: ["modern/reading.proto", "legacy/shipment.proto"],
      }),
      compileProtos({
        cwd: join(FIXTURES, "bench"),
        includePaths: ["."],
        files: ["com/example/bench/user_event.proto"],
      }),
      compileProtos({ cwd: join(FIXTURES, "encoder"), includePaths: ["."], files: ["encoder/fallback.proto"] }),
    ]);
    let compared = 0;
    for (const set of sets) {
      expect([...set.descriptorBytes.keys()]).toEqual(set.fileSet.file.map((file) => file.name));
      for (const file of set.fileSet.file) {
        expect(file.sourceCodeInfo?.location.length ?? 0).toBeGreaterThan(0);
        expect(set.descriptorBytes.get(file.name), file.name).toEqual(reencoded(file));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(15);
  });

  it("keeps a file without source info as it is, and skips fields of the set other than `file`", () => {
    const file = create(FileDescriptorProtoSchema, { name: "a.proto", package: "a", syntax: "proto3" });
    const set = toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: [file, file] }));
    const unknownVarint = Uint8Array.of(0x10, 0x96, 0x01); // field 2, varint 150
    const withUnknown = new Uint8Array([...unknownVarint, ...set]);
    expect(fileDescriptorBytes(withUnknown)).toEqual([reencoded(file), reencoded(file)]);
  });

  it("throws on a set cut short rather than reading past its end", () => {
    const file = create(FileDescriptorProtoSchema, { name: "a.proto", package: "a" });
    const set = toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: [file] }));
    expect(() => fileDescriptorBytes(set.subarray(0, set.length - 2))).toThrow(RangeError);
  });
});
