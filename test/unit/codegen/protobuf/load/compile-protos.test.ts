import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileProtos } from "../../../../../codegen/protobuf/load/compile-protos.js";
import { CodegenInputError } from "../../../../../src/errors/index.js";

const FIXTURES = fileURLToPath(new URL("../../../../fixtures/proto/", import.meta.url));

describe("compileProtos", () => {
  it("compiles files across include paths in one invocation, imports and well-known types included", async () => {
    const compiled = await compileProtos({
      cwd: FIXTURES,
      includePaths: ["main", "shared"],
      files: ["main/com/acme/orders/order.proto", "shared/acme/common/money.proto"],
    });
    expect(compiled.files.map((file) => file.name)).toEqual(["com/acme/orders/order", "acme/common/money"]);
    expect(compiled.fileSet.file.map((file) => file.name).sort()).toEqual([
      "acme/common/money.proto",
      "com/acme/orders/order.proto",
      "google/protobuf/timestamp.proto",
    ]);
    const order = compiled.registry.getMessage("com.acme.orders.Order");
    expect(order?.fields.map((field) => field.name)).toEqual([
      "id",
      "tags",
      "lines",
      "total",
      "placed_at",
      "status",
      "card_token",
      "iban",
      "discount",
    ]);
    expect(order?.oneofs.map((oneof) => oneof.name)).toEqual(["payment"]);
    // Source info is kept: comments become TSDoc later.
    const comments = order?.file.proto.sourceCodeInfo?.location.map((location) => location.leadingComments);
    expect(comments).toContain(" An order; its map field declares a map-entry message (TagsEntry) before Line.\n");
  });

  it("reports an unresolved type as a CodegenInputError with file:line:col", async () => {
    const failure = await compileProtos({ cwd: FIXTURES, includePaths: ["broken"], files: ["broken/bad.proto"] }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(CodegenInputError);
    const error = failure as CodegenInputError;
    expect({ file: error.file, line: error.line, column: error.column }).toEqual({
      file: "broken/bad.proto",
      line: 5,
      column: 3,
    });
    expect(error.message).toMatch(/^read broken\/bad\.proto:5:3: .*Missing/);
  });

  it("rejects a file outside every include path before running the compiler", async () => {
    await expect(
      compileProtos({ cwd: FIXTURES, includePaths: ["shared"], files: ["main/com/acme/orders/order.proto"] }),
    ).rejects.toThrow(/not under any include path \(shared\)/);
  });
});
