import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compiledMessage } from "../../../../src/serde/protobuf/protobuf-schemas.js";
import { compiledFixture, PROTO_FIXTURES } from "./compiled-fixture.js";

describe("compiledMessage", () => {
  // everything3.proto imports any.proto itself and through api.proto → type.proto: a dependency reached
  // twice, which a registry built by resolving imports one by one adds after a file that needs it.
  it("compiles a message whose file imports google/protobuf/api.proto", async () => {
    const fixture = await compiledFixture({
      cwd: join(PROTO_FIXTURES, "printer"),
      includePaths: ["."],
      files: ["shapes/everything3.proto"],
    });
    const everything = compiledMessage(fixture.message("shapes.v1.Everything"));
    expect(everything.typeName).toBe("shapes.v1.Everything");
    const api = everything.file.dependencies.find((file) => file.name === "google/protobuf/api");
    expect(api?.dependencies.map((file) => file.name)).toEqual([
      "google/protobuf/source_context",
      "google/protobuf/type",
    ]);
  });
});
