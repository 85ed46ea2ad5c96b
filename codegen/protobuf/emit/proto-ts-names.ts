import type { DescEnum, DescFile, DescMessage } from "@bufbuild/protobuf";

// Names and paths of generated Protobuf code. One module per .proto file, at the file's import path with
// ".ts" appended ("com/acme/orders/order.proto" → "com/acme/orders/order.proto.ts"), so two files of one
// package never collide and imports mirror the .proto imports. Nested types are joined with "_"
// ("Order.Line" → Order_Line), as protobuf-es does, so every type of a file has a top-level name.

/** The generated module's path for a .proto file. */
export function modulePathOf(file: DescFile): string {
  return `${file.proto.name}.ts`;
}

/** The import specifier from one generated module to another (relative, ".js" as NodeNext wants). */
export function importSpecifier(from: DescFile, to: DescFile): string {
  const fromParts = modulePathOf(from).split("/").slice(0, -1);
  const toParts = modulePathOf(to).split("/");
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) {
    common += 1;
  }
  const up = fromParts.length - common;
  const rest = toParts.slice(common).join("/").replace(/\.ts$/, ".js");
  return up === 0 ? `./${rest}` : `${"../".repeat(up)}${rest}`;
}

/** The TypeScript name of a message or enum: its name inside the file, dots turned into "_". */
export function typeNameOf(desc: DescMessage | DescEnum): string {
  const pkg = desc.file.proto.package;
  const local = pkg === "" ? desc.typeName : desc.typeName.slice(pkg.length + 1);
  return local.split(".").join("_");
}

/** The name a file's descriptor constant is imported under in another module. */
export function fileConstOf(file: DescFile): string {
  return `file_${file.proto.name.replace(/\.proto$/, "").replace(/[^A-Za-z0-9]/g, "_")}`;
}
