import { describe, expect, it } from "vitest";
import { compileProtos } from "../../../../codegen/protobuf/load/compile-protos.js";
import { messageIndexesOf } from "../../../../codegen/protobuf/model/message-indexes.js";
import { messageNameAt } from "../../../../src/serde/protobuf/index.js";
import { encodeHeader, readHeader } from "../../../../src/serde/wire-format.js";
import { PROTO_FIXTURES } from "./compiled-fixture.js";

// Expected values come from confluent-kafka 2.16.0 (Python): `_create_index_array` for the indexes and
// ProtobufSerializer's output for the framing (test/interop/confluent_protobuf.py indexes / serialize on
// the fixture's FileDescriptorSet, mock registry, schema id 2), never from schemakit's own round trip.
const PYTHON = [
  { name: "com.acme.orders.Order", indexes: [0], header: "000000000200" },
  // TagsEntry, the map field's synthesised message, is declaration 0 of Order: Line after it is [0, 1].
  { name: "com.acme.orders.Order.TagsEntry", indexes: [0, 0], header: undefined },
  { name: "com.acme.orders.Order.Line", indexes: [0, 1], header: "0000000002040002" },
  { name: "com.acme.orders.Order.Line.Note", indexes: [0, 1, 0], header: "000000000206000200" },
  { name: "com.acme.orders.OrderPlaced", indexes: [1], header: "00000000020202" },
  { name: "acme.common.Money", indexes: [0], header: undefined },
] as const;

describe("message indexes (Confluent's Python serializer as the oracle)", async () => {
  const compiled = await compileProtos({
    cwd: PROTO_FIXTURES,
    includePaths: ["main", "shared"],
    files: ["main/com/acme/orders/order.proto"],
  });

  // @bufbuild/protobuf exposes no descriptor for map entries: TagsEntry is checked by messageNameAt below.
  it.each(PYTHON.filter((vector) => !vector.name.endsWith("Entry")))("$name is at $indexes", ({ name, indexes }) => {
    const message = compiled.registry.getMessage(name);
    expect(message && messageIndexesOf(message)).toEqual(indexes);
  });

  it.each(PYTHON.filter((vector) => vector.header !== undefined))("$name frames as $header", ({ indexes, header }) => {
    expect(encodeHeader(2, indexes).toString("hex")).toBe(header);
    const read = readHeader(Buffer.from(header ?? "", "hex"), { withMessageIndexes: true });
    expect(read).toEqual({ schemaId: 2, messageIndexes: indexes, payloadOffset: (header ?? "").length / 2 });
  });

  it("finds the message a path names, and nothing for a path that leads nowhere", () => {
    const file = compiled.registry.getFile("com/acme/orders/order.proto")?.proto;
    if (file === undefined) throw new Error("fixture not compiled");
    for (const { name, indexes } of PYTHON.filter((vector) => vector.name.startsWith("com."))) {
      expect(messageNameAt(file, indexes)).toBe(name);
    }
    expect(messageNameAt(file, [2])).toBeUndefined();
    expect(messageNameAt(file, [0, 1, 1])).toBeUndefined();
    expect(messageNameAt(file, [])).toBeUndefined();
  });
});
