import { fileURLToPath } from "node:url";
import type { DescFile } from "@bufbuild/protobuf";
import { type CompileProtosOptions, compileProtos } from "../../../../codegen/protobuf/load/compile-protos.js";
import { messageIndexesOf } from "../../../../codegen/protobuf/model/message-indexes.js";
import { fileDescriptorOf, registeredSchemaOf } from "../../../../codegen/protobuf/model/registered-schema.js";
import {
  defineProtobufFile,
  defineProtobufMessage,
  type ProtobufFileDesc,
  type ProtobufMessageDesc,
} from "../../../../src/schema/index.js";

export const PROTO_FIXTURES = fileURLToPath(new URL("../../../fixtures/proto/", import.meta.url));

/** The fixture order.proto and its imports, compiled (see compiledFixture). */
export function compiledOrderFixture(): ReturnType<typeof compiledFixture> {
  return compiledFixture({
    cwd: PROTO_FIXTURES,
    includePaths: ["main", "shared"],
    files: ["main/com/acme/orders/order.proto"],
  });
}

/**
 * .proto files (and their imports) compiled, as descriptors of the schema floor built the way generated
 * code builds them; messages are plain objects (no generated classes).
 */
export async function compiledFixture(options: CompileProtosOptions): Promise<{
  readonly files: ReadonlyMap<string, ProtobufFileDesc>;
  readonly message: (name: string) => ProtobufMessageDesc<Record<string, unknown>>;
}> {
  const compiled = await compileProtos(options);
  const files = new Map<string, ProtobufFileDesc>();
  const fileDesc = (file: DescFile): ProtobufFileDesc => {
    let desc = files.get(file.proto.name);
    if (desc === undefined) {
      desc = defineProtobufFile({
        path: file.proto.name,
        schema: registeredSchemaOf(file),
        descriptor: fileDescriptorOf(file),
        imports: () => file.dependencies.map(fileDesc),
      });
      files.set(file.proto.name, desc);
    }
    return desc;
  };
  for (const file of compiled.registry.files) fileDesc(file);
  const message = (name: string): ProtobufMessageDesc<Record<string, unknown>> => {
    const compiledMessage = compiled.registry.getMessage(name);
    if (compiledMessage === undefined) throw new Error(`no message ${name} in the fixture`);
    return defineProtobufMessage({
      name,
      file: fileDesc(compiledMessage.file),
      messageIndexes: messageIndexesOf(compiledMessage),
    });
  };
  return { files, message };
}
