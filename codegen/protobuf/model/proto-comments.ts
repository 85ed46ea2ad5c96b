import type { DescEnum, DescEnumValue, DescField, DescFile, DescMessage } from "@bufbuild/protobuf";

// Leading comments from the compiler's source info, for TSDoc. A declaration is found by its path in the
// FileDescriptorProto: field numbers of FileDescriptorProto / DescriptorProto / EnumDescriptorProto
// (message_type 4, enum_type 5; nested field 2, nested_type 3, enum_type 4; enum value 2).

const FILE_MESSAGE = 4;
const FILE_ENUM = 5;
const MESSAGE_FIELD = 2;
const MESSAGE_NESTED = 3;
const MESSAGE_ENUM = 4;
const ENUM_VALUE = 2;

const byFile = new WeakMap<DescFile, Map<string, string>>();

/** The leading comment of a message, enum, enum value or field, trimmed; undefined when it has none. */
export function leadingComment(desc: DescMessage | DescEnum | DescEnumValue | DescField): string | undefined {
  const file = desc.kind === "enum_value" ? desc.parent.file : desc.kind === "field" ? desc.parent.file : desc.file;
  let comments = byFile.get(file);
  if (comments === undefined) {
    comments = new Map();
    for (const location of file.proto.sourceCodeInfo?.location ?? []) {
      const text = location.leadingComments.trim();
      if (text !== "") comments.set(location.path.join("."), text);
    }
    byFile.set(file, comments);
  }
  return comments.get(pathOf(desc).join("."));
}

function pathOf(desc: DescMessage | DescEnum | DescEnumValue | DescField): number[] {
  switch (desc.kind) {
    case "message":
      return desc.parent === undefined
        ? [FILE_MESSAGE, desc.file.proto.messageType.indexOf(desc.proto)]
        : [...pathOf(desc.parent), MESSAGE_NESTED, desc.parent.proto.nestedType.indexOf(desc.proto)];
    case "enum":
      return desc.parent === undefined
        ? [FILE_ENUM, desc.file.proto.enumType.indexOf(desc.proto)]
        : [...pathOf(desc.parent), MESSAGE_ENUM, desc.parent.proto.enumType.indexOf(desc.proto)];
    case "enum_value":
      return [...pathOf(desc.parent), ENUM_VALUE, desc.parent.proto.value.indexOf(desc.proto)];
    case "field":
      return [...pathOf(desc.parent), MESSAGE_FIELD, desc.parent.proto.field.indexOf(desc.proto)];
  }
}
