import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { create, fromBinary, toBinary, type DescMessage } from "@bufbuild/protobuf";
import { afterAll, describe, expect, it } from "vitest";
import { compileProtos } from "../../../../codegen/protobuf/load/compile-protos.js";
import { ProtobufDeserializer, ProtobufSerializer } from "../../../../src/serde/protobuf/index.js";
import { writeHeader } from "../../../../src/serde/wire-format.js";
import { InMemoryRegistry } from "../../../support/in-memory-registry.js";
import { Order } from "../../codegen/golden/mixed/com/acme/orders/order.proto.js";
import { PROTO_FIXTURES } from "./compiled-fixture.js";

// A consumer on an older class must not drop data when it re-produces: a newer writer's order.proto adds
// fields at the top level and in a nested message inside a list; the generated v1
// Order reads those records, and what it writes back decodes with the v2 descriptor to the same values.

const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

async function orderV2(): Promise<DescMessage> {
  const dir = await mkdtemp(join(tmpdir(), "schemakit-unknown-"));
  scratch.push(dir);
  const v1 = await readFile(join(PROTO_FIXTURES, "main/com/acme/orders/order.proto"), "utf8");
  const v2 = v1
    .replace("  string id = 1;", "  string id = 1;\n  string channel = 20;\n  repeated fixed64 audit = 21;")
    .replace("    uint32 quantity = 2;", "    uint32 quantity = 2;\n    double weight = 10;");
  expect(v2).not.toBe(v1);
  for (const [path, text] of [
    ["main/com/acme/orders/order.proto", v2],
    ["shared/acme/common/money.proto", await readFile(join(PROTO_FIXTURES, "shared/acme/common/money.proto"), "utf8")],
  ] as const) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  const compiled = await compileProtos({
    cwd: dir,
    includePaths: ["main", "shared"],
    files: [join(dir, "main/com/acme/orders/order.proto")],
  });
  const message = compiled.registry.getMessage("com.acme.orders.Order");
  if (message === undefined) throw new Error("v2 Order missing");
  return message;
}

describe("unknown Protobuf fields", () => {
  it("are kept by a generated class on read and written back on re-encoding, at any depth", async () => {
    const v2 = await orderV2();
    const written = create(v2, {
      id: "o-1",
      channel: "web",
      audit: [1n, 18_446_744_073_709_551_615n],
      lines: [
        { sku: "a", quantity: 1, weight: 2.5 },
        { sku: "b", quantity: 2 },
      ],
      status: 1,
    } as never);
    const registry = new InMemoryRegistry();
    const serializer = new ProtobufSerializer(Order.schema, { registry });
    const { schemaId } = await serializer.prepare("orders");
    const payload = toBinary(v2, written);
    const framed = Buffer.alloc(6 + payload.length);
    writeHeader(framed, schemaId, [0]);
    framed.set(payload, 6);

    const read = await new ProtobufDeserializer(Order.schema, { registry }).deserialize("orders", framed);
    expect(read).toBeInstanceOf(Order);
    expect(read.id).toBe("o-1");
    expect(read.$unknown?.map((field) => field.no)).toEqual([20, 21]);
    expect(read.lines[0]?.$unknown?.map((field) => field.no)).toEqual([10]);
    expect(read.lines[1]?.$unknown).toBeUndefined();
    expect(Object.keys(new Order({ id: "x" }))).not.toContain("$unknown");

    const again = serializer.serializeSync("orders", read);
    const back = fromBinary(v2, again.subarray(6)) as unknown as Record<string, unknown>;
    expect(back).toMatchObject({ id: "o-1", channel: "web", audit: [1n, 18_446_744_073_709_551_615n], status: 1 });
    expect(back["lines"]).toMatchObject([
      { sku: "a", quantity: 1, weight: 2.5 },
      { sku: "b", quantity: 2, weight: 0 },
    ]);
  });
});
