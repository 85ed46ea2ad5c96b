import type { DescField, DescMessage, Message } from "@bufbuild/protobuf";

// @bufbuild/protobuf's create() copies declared fields only, so the fields a reader's class kept as
// unknown (its `$unknown`, at any depth) would be lost on re-encoding: they are carried over to the
// created message here, and toBinary writes them after the declared ones.

const messageFields = new WeakMap<DescMessage, readonly DescField[]>();

function nestedMessageFields(desc: DescMessage): readonly DescField[] {
  let fields = messageFields.get(desc);
  if (fields === undefined) {
    fields = desc.fields.filter(
      (field) =>
        field.fieldKind === "message" ||
        (field.fieldKind === "list" && field.listKind === "message") ||
        (field.fieldKind === "map" && field.mapKind === "message"),
    );
    messageFields.set(desc, fields);
  }
  return fields;
}

type Indexable = Record<string, unknown>;

function isObject(value: unknown): value is Indexable {
  return typeof value === "object" && value !== null;
}

/** Copies the `$unknown` fields of `source` (a class instance or init) onto the created `target`, deeply. */
export function restoreUnknownFields(desc: DescMessage, target: Message, source: unknown): void {
  if (!isObject(source) || source === target) return;
  const unknown = source["$unknown"];
  if (Array.isArray(unknown) && unknown.length > 0) (target as Indexable)["$unknown"] = [...unknown];
  for (const field of nestedMessageFields(desc)) {
    const sourceValue = fieldValue(field, source);
    const targetValue = fieldValue(field, target as Indexable);
    if (!isObject(sourceValue) || !isObject(targetValue)) continue;
    if (field.fieldKind === "message") {
      restoreUnknownFields(field.message, targetValue as Message, sourceValue);
    } else if (field.fieldKind === "list" && Array.isArray(sourceValue) && Array.isArray(targetValue)) {
      const message = field.message as DescMessage;
      sourceValue.forEach((item: unknown, index) => {
        const created: unknown = targetValue[index];
        if (isObject(created)) restoreUnknownFields(message, created as Message, item);
      });
    } else if (field.fieldKind === "map") {
      const message = field.message as DescMessage;
      for (const [key, item] of Object.entries(sourceValue)) {
        const created = targetValue[key];
        if (isObject(created)) restoreUnknownFields(message, created as Message, item);
      }
    }
  }
}

// A oneof member lives under the oneof's name as { case, value }.
function fieldValue(field: DescField, message: Indexable): unknown {
  if (field.oneof === undefined) return message[field.localName];
  const oneof = message[field.oneof.localName];
  return isObject(oneof) && oneof["case"] === field.localName ? oneof["value"] : undefined;
}
