import { DifferenceLog, type ProtobufDifference } from "./protobuf-difference.js";
import type {
  ProtobufSchema,
  ProtoDeclaredType,
  ProtoEnum,
  ProtoField,
  ProtoFieldType,
  ProtoLabel,
  ProtoMessage,
} from "./protobuf-schema-model.js";

// Confluent Schema Registry's Protobuf rules (its SchemaDiff): fields are matched by number, scalars are
// grouped by what the wire format lets one read as another, and a difference is incompatible unless its type
// is one of the compatible changes below. `original` is the writer's schema, `update` the reader's: the
// registry's backward check compares the previous version (original) with the new one (update).

/** Every difference type Confluent's checker reports. */
export type ConfluentDifferenceType =
  | "PACKAGE_CHANGED"
  | "MESSAGE_ADDED"
  | "MESSAGE_REMOVED"
  | "MESSAGE_MOVED"
  | "ENUM_ADDED"
  | "ENUM_REMOVED"
  | "ENUM_CONST_ADDED"
  | "ENUM_CONST_CHANGED"
  | "ENUM_CONST_REMOVED"
  | "FIELD_ADDED"
  | "FIELD_REMOVED"
  | "FIELD_NAME_CHANGED"
  | "FIELD_KIND_CHANGED"
  | "FIELD_SCALAR_KIND_CHANGED"
  | "FIELD_NAMED_TYPE_CHANGED"
  | "FIELD_NUMERIC_LABEL_CHANGED"
  | "FIELD_STRING_OR_BYTES_LABEL_CHANGED"
  | "REQUIRED_FIELD_ADDED"
  | "REQUIRED_FIELD_REMOVED"
  | "ONEOF_ADDED"
  | "ONEOF_REMOVED"
  | "ONEOF_FIELD_ADDED"
  | "ONEOF_FIELD_REMOVED"
  | "MULTIPLE_FIELDS_MOVED_TO_ONEOF"
  | "FIELD_MOVED_TO_EXISTING_ONEOF";

/** The differences Confluent accepts at every level. */
export const CONFLUENT_COMPATIBLE_CHANGES: ReadonlySet<string> = new Set<ConfluentDifferenceType>([
  "MESSAGE_ADDED",
  "MESSAGE_MOVED",
  "ENUM_ADDED",
  "ENUM_REMOVED",
  "ENUM_CONST_ADDED",
  "ENUM_CONST_CHANGED",
  "ENUM_CONST_REMOVED",
  "FIELD_ADDED",
  "FIELD_REMOVED",
  "FIELD_NAME_CHANGED",
  "FIELD_STRING_OR_BYTES_LABEL_CHANGED",
  "ONEOF_ADDED",
  "ONEOF_REMOVED",
  "ONEOF_FIELD_ADDED",
]);

/** Every difference (compatible or not) Confluent's rules find between a writer's and a reader's file. */
export function confluentDifferences(original: ProtobufSchema, update: ProtobufSchema): ProtobufDifference[] {
  const comparison = new Comparison(original, update);
  const log = new DifferenceLog();
  if (original.packageName !== update.packageName) log.add("PACKAGE_CHANGED", update.packageName || "(no package)");
  comparison.types(log, original.types, update.types);
  return log.differences;
}

/** Only the incompatible ones. */
export function confluentIncompatibilities(original: ProtobufSchema, update: ProtobufSchema): ProtobufDifference[] {
  return confluentDifferences(original, update).filter((found) => !CONFLUENT_COMPATIBLE_CHANGES.has(found.type));
}

type ScalarGroup = "GENERAL_NUMBER" | "SIGNED_NUMBER" | "STRING_OR_BYTES" | "FIXED32" | "FIXED64" | "FLOAT" | "DOUBLE";

// Scalars one can read as another on the wire (varints, zig-zag varints, length-delimited, fixed widths);
// an enum is a varint.
const SCALAR_GROUPS: Readonly<Record<string, ScalarGroup>> = {
  int32: "GENERAL_NUMBER",
  int64: "GENERAL_NUMBER",
  uint32: "GENERAL_NUMBER",
  uint64: "GENERAL_NUMBER",
  bool: "GENERAL_NUMBER",
  sint32: "SIGNED_NUMBER",
  sint64: "SIGNED_NUMBER",
  string: "STRING_OR_BYTES",
  bytes: "STRING_OR_BYTES",
  fixed32: "FIXED32",
  sfixed32: "FIXED32",
  fixed64: "FIXED64",
  sfixed64: "FIXED64",
  float: "FLOAT",
  double: "DOUBLE",
};

function scalarGroup(type: ProtoFieldType): ScalarGroup | undefined {
  if (type.kind === "enum") return "GENERAL_NUMBER";
  return type.kind === "scalar" ? SCALAR_GROUPS[type.name] : undefined;
}

function kindOf(type: ProtoFieldType): "SCALAR" | "MAP" | "MESSAGE" {
  if (type.kind === "map") return "MAP";
  return type.kind === "message" ? "MESSAGE" : "SCALAR";
}

class Comparison {
  // Messages being compared (by the writer's full name): a recursive type is compared once.
  readonly #inProgress = new Set<string>();

  constructor(
    readonly original: ProtobufSchema,
    readonly update: ProtobufSchema,
  ) {}

  types(log: DifferenceLog, original: readonly ProtoDeclaredType[], update: readonly ProtoDeclaredType[]): void {
    const originalMessages = messagesOf(original);
    const updateMessages = messagesOf(update);
    for (const name of unionOfKeys(originalMessages, updateMessages)) {
      log.within(name, () => {
        const before = originalMessages.get(name);
        const after = updateMessages.get(name);
        if (after === undefined) log.add("MESSAGE_REMOVED", before?.message.localName ?? name);
        else if (before === undefined) log.add("MESSAGE_ADDED", after.message.localName);
        else {
          this.message(log, before.message, after.message);
          // Message indexes in the wire format are relative to the schema of the id written, so a move
          // breaks no reader.
          if (before.index !== after.index) log.add("MESSAGE_MOVED", after.message.localName);
        }
      });
    }
    const originalEnums = enumsOf(original);
    const updateEnums = enumsOf(update);
    for (const name of unionOfKeys(originalEnums, updateEnums)) {
      log.within(name, () => {
        const before = originalEnums.get(name);
        const after = updateEnums.get(name);
        if (after === undefined) log.add("ENUM_REMOVED", before?.localName ?? name);
        else if (before === undefined) log.add("ENUM_ADDED", after.localName);
        else enumValues(log, before, after);
      });
    }
  }

  message(log: DifferenceLog, original: ProtoMessage, update: ProtoMessage): void {
    if (!this.#inProgress.has(original.fullName)) {
      this.#inProgress.add(original.fullName);
      try {
        this.fields(log, original, update);
      } finally {
        this.#inProgress.delete(original.fullName);
      }
    }
    this.types(log, original.types, update.types);
  }

  fields(log: DifferenceLog, original: ProtoMessage, update: ProtoMessage): void {
    const originalTopLevel = new Map(topLevel(original).map((field) => [field.number, field]));
    const updateTopLevel = new Map(topLevel(update).map((field) => [field.number, field]));
    const originalAll = new Map(original.fields.map((field) => [field.number, field]));
    const updateAll = new Map(update.fields.map((field) => [field.number, field]));
    const originalOneofMembers = new Set(original.fields.filter((f) => f.oneof !== undefined).map((f) => f.number));
    const target = (field: ProtoField): string => `${update.localName}.${field.name}`;

    for (const oneof of update.oneofs) {
      log.within(oneof, () => {
        let moved = 0;
        let existing = 0;
        for (const field of update.fields.filter((member) => member.oneof === oneof)) {
          // A top-level field moved into a oneof is not reported as removed.
          if (originalTopLevel.delete(field.number)) moved += 1;
          else if (originalOneofMembers.has(field.number)) existing += 1;
        }
        // Two fields that could both be set cannot become alternatives; nor can one join a oneof whose
        // other members already existed.
        if (moved > 1) log.add("MULTIPLE_FIELDS_MOVED_TO_ONEOF", `${update.localName}.${oneof}`);
        else if (moved === 1 && existing > 0) log.add("FIELD_MOVED_TO_EXISTING_ONEOF", `${update.localName}.${oneof}`);
      });
    }

    for (const oneof of union(original.oneofs, update.oneofs)) {
      log.within(oneof, () => {
        if (!update.oneofs.includes(oneof)) log.add("ONEOF_REMOVED", `${original.localName}.${oneof}`);
        else if (!original.oneofs.includes(oneof)) log.add("ONEOF_ADDED", `${update.localName}.${oneof}`);
        else this.oneofMembers(log, original, update, oneof, updateAll);
      });
    }

    for (const number of sortedUnion(originalTopLevel, updateTopLevel)) {
      log.within(String(number), () => {
        const before = originalTopLevel.get(number);
        const after = updateTopLevel.get(number);
        if (after === undefined && before !== undefined) {
          const name = `${original.localName}.${before.name}`;
          log.add(before.label === "required" ? "REQUIRED_FIELD_REMOVED" : "FIELD_REMOVED", name);
        } else if (after !== undefined && before === undefined) {
          log.add(after.label === "required" ? "REQUIRED_FIELD_ADDED" : "FIELD_ADDED", target(after));
        } else if (after !== undefined && before !== undefined) this.field(log, before, after, target(after));
      });
    }

    // Fields whose oneof changed (moved in, out, or their oneof renamed) are compared by number too.
    for (const number of sortedUnion(originalAll, updateAll)) {
      const before = originalAll.get(number);
      const after = updateAll.get(number);
      if (before === undefined || after === undefined) continue;
      if (before.oneof === after.oneof) continue;
      log.within(String(number), () => this.field(log, before, after, target(after)));
    }
  }

  oneofMembers(
    log: DifferenceLog,
    original: ProtoMessage,
    update: ProtoMessage,
    oneof: string,
    updateAll: ReadonlyMap<number, ProtoField>,
  ): void {
    const before = new Map(original.fields.filter((f) => f.oneof === oneof).map((f) => [f.number, f]));
    const after = new Map(update.fields.filter((f) => f.oneof === oneof).map((f) => [f.number, f]));
    for (const number of sortedUnion(before, after)) {
      log.within(String(number), () => {
        const was = before.get(number);
        const now = after.get(number);
        // A member that left the oneof but is still in the message was moved, not removed.
        if (now === undefined && was !== undefined) {
          if (!updateAll.has(number)) log.add("ONEOF_FIELD_REMOVED", `${original.localName}.${was.name}`);
        } else if (now !== undefined && was === undefined)
          log.add("ONEOF_FIELD_ADDED", `${update.localName}.${now.name}`);
        else if (now !== undefined && was !== undefined) this.field(log, was, now, `${update.localName}.${now.name}`);
      });
    }
  }

  field(log: DifferenceLog, original: ProtoField, update: ProtoField, target: string): void {
    if (original.name !== update.name) log.add("FIELD_NAME_CHANGED", target);
    this.labelsAndTypes(log, original.label, update.label, original.type, update.type, target);
  }

  labelsAndTypes(
    log: DifferenceLog,
    originalLabel: ProtoLabel,
    updateLabel: ProtoLabel,
    original: ProtoFieldType,
    update: ProtoFieldType,
    target: string,
  ): void {
    const kind = kindOf(original);
    if (kind !== kindOf(update)) {
      log.add("FIELD_KIND_CHANGED", target);
      return;
    }
    if (original.kind === "map" && update.kind === "map") {
      this.labelsAndTypes(log, null, null, original.key, update.key, target);
      this.labelsAndTypes(log, null, null, original.value, update.value, target);
    } else if (original.kind === "message" && update.kind === "message") {
      this.messageTypes(log, original.fullName, update.fullName, target);
    } else {
      const group = scalarGroup(original);
      if (group !== scalarGroup(update)) log.add("FIELD_SCALAR_KIND_CHANGED", target);
      // Confluent compares labels only where both are written (proto3's implicit singular label is not).
      else if (originalLabel !== null && updateLabel !== null && originalLabel !== updateLabel) {
        log.add(
          group === "STRING_OR_BYTES" ? "FIELD_STRING_OR_BYTES_LABEL_CHANGED" : "FIELD_NUMERIC_LABEL_CHANGED",
          target,
        );
      }
    }
  }

  messageTypes(log: DifferenceLog, originalName: string, updateName: string, target: string): void {
    const before = this.original.byFullName.get(originalName);
    const after = this.update.byFullName.get(updateName);
    if (before?.kind !== "message" || after?.kind !== "message") {
      if (originalName !== updateName) log.add("FIELD_NAMED_TYPE_CHANGED", target);
      return;
    }
    // Names compare without their package: moving a message type to another package keeps its fields.
    if (before.localName !== after.localName) {
      log.add("FIELD_NAMED_TYPE_CHANGED", target);
      return;
    }
    // Types declared in the file itself are compared with the file's own declarations; an imported type
    // (a schema reference) is compared here, since its file may have changed too.
    if (declaredIn(this.original, originalName) !== undefined && declaredIn(this.update, updateName) !== undefined)
      return;
    const nested = new DifferenceLog(before.localName.split("."));
    this.message(nested, before, after);
    log.differences.push(...nested.differences);
    if (nested.differences.some((found) => !CONFLUENT_COMPATIBLE_CHANGES.has(found.type))) {
      log.add("FIELD_NAMED_TYPE_CHANGED", target);
    }
  }
}

function declaredIn(schema: ProtobufSchema, fullName: string): ProtoDeclaredType | undefined {
  const search = (types: readonly ProtoDeclaredType[]): ProtoDeclaredType | undefined => {
    for (const type of types) {
      if (type.fullName === fullName) return type;
      if (type.kind === "message") {
        const found = search(type.types);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return search(schema.types);
}

function topLevel(message: ProtoMessage): ProtoField[] {
  return message.fields.filter((field) => field.oneof === undefined);
}

function messagesOf(types: readonly ProtoDeclaredType[]): Map<string, { message: ProtoMessage; index: number }> {
  const messages = types.filter((type): type is ProtoMessage => type.kind === "message");
  return new Map(messages.map((message, index) => [message.name, { message, index }]));
}

function enumsOf(types: readonly ProtoDeclaredType[]): Map<string, ProtoEnum> {
  return new Map(types.filter((type): type is ProtoEnum => type.kind === "enum").map((type) => [type.name, type]));
}

function enumValues(log: DifferenceLog, original: ProtoEnum, update: ProtoEnum): void {
  const before = new Map(original.values.map((value) => [value.number, value.name]));
  const after = new Map(update.values.map((value) => [value.number, value.name]));
  for (const number of sortedUnion(before, after)) {
    log.within(String(number), () => {
      const was = before.get(number);
      const now = after.get(number);
      if (now === undefined) log.add("ENUM_CONST_REMOVED", `${original.localName}.${was ?? number}`);
      else if (was === undefined) log.add("ENUM_CONST_ADDED", `${update.localName}.${now}`);
      else if (was !== now) log.add("ENUM_CONST_CHANGED", `${update.localName}.${now}`);
    });
  }
}

function unionOfKeys<K>(a: ReadonlyMap<K, unknown>, b: ReadonlyMap<K, unknown>): K[] {
  return union([...a.keys()], [...b.keys()]);
}

function union<T>(a: readonly T[], b: readonly T[]): T[] {
  return [...new Set([...a, ...b])];
}

function sortedUnion(a: ReadonlyMap<number, unknown>, b: ReadonlyMap<number, unknown>): number[] {
  return unionOfKeys(a, b).sort((x, y) => x - y);
}
