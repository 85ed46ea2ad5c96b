import { DifferenceLog, type ProtobufDifference } from "./protobuf-difference.js";
import type {
  ProtobufSchema,
  ProtoDeclaredType,
  ProtoEnum,
  ProtoField,
  ProtoFieldType,
  ProtoMessage,
  ProtoMethod,
  ProtoReserved,
} from "./protobuf-schema-model.js";

// The rules Apicurio Registry adds to field matching by number (its Protobuf checker follows protolock):
// a removed field must leave its number and name reserved, reserved numbers and names stay reserved and
// unused, and a field keeps its name, number, type and label. These protect generated code and JSON
// encodings as well as the binary wire format, so they refuse changes the wire format tolerates
// (int32 → int64, a rename). `original` is the writer's schema, `update` the reader's.

/** The names of the strict rules. */
export type StrictRuleType =
  | "FIELD_REMOVED_WITHOUT_RESERVED"
  | "RESERVED_FIELD_REUSED"
  | "RESERVED_FIELD_REMOVED"
  | "FIELD_NUMBER_CHANGED"
  | "FIELD_TYPE_CHANGED"
  | "FIELD_LABEL_CHANGED"
  | "FIELD_NAME_CHANGED"
  | "ENUM_CONST_CHANGED"
  | "ENUM_CONST_REMOVED"
  | "REQUIRED_FIELD_ADDED"
  | "RPC_REMOVED"
  | "RPC_SIGNATURE_CHANGED";

/** Every strict-rule finding between a writer's file and a reader's file. */
export function strictDifferences(original: ProtobufSchema, update: ProtobufSchema): ProtobufDifference[] {
  const log = new DifferenceLog();
  const before = flatten(original.types);
  const after = flatten(update.types);
  for (const [localName, was] of before) {
    const now = after.get(localName);
    log.within(localName.split(".").join("/"), () => {
      if (was.kind === "message" && now?.kind === "message") messageRules(log, was, now, original.proto2);
      else if (was.kind === "enum" && now?.kind === "enum") enumRules(log, was, now);
    });
  }
  serviceRules(log, original, update);
  return log.differences;
}

// Apicurio's two service rules: an RPC of the writer's file is still there in the reader's (a service
// gone takes its RPCs with it), with the same request and response types and streaming. Services match
// by name, RPCs by name within them.
function serviceRules(log: DifferenceLog, original: ProtobufSchema, update: ProtobufSchema): void {
  const after = new Map(update.services.map((service) => [service.localName, service]));
  for (const service of original.services) {
    const methods = new Map((after.get(service.localName)?.methods ?? []).map((method) => [method.name, method]));
    for (const method of service.methods) {
      const now = methods.get(method.name);
      const target = `${service.localName}.${method.name}`;
      log.within(`${service.localName.split(".").join("/")}/${method.name}`, () => {
        if (now === undefined) log.add("RPC_REMOVED", target);
        else if (signatureOf(now) !== signatureOf(method)) log.add("RPC_SIGNATURE_CHANGED", target);
      });
    }
  }
}

function signatureOf(method: ProtoMethod): string {
  const side = (type: string, streaming: boolean): string => (streaming ? `stream ${type}` : type);
  return `(${side(method.input, method.clientStreaming)}) returns (${side(method.output, method.serverStreaming)})`;
}

function flatten(types: readonly ProtoDeclaredType[], into = new Map<string, ProtoDeclaredType>()) {
  for (const type of types) {
    into.set(type.localName, type);
    if (type.kind === "message") flatten(type.types, into);
  }
  return into;
}

function messageRules(log: DifferenceLog, original: ProtoMessage, update: ProtoMessage, proto2: boolean): void {
  const name = (field: ProtoField): string => `${update.localName}.${field.name}`;
  const afterByName = new Map(update.fields.map((field) => [field.name, field]));
  const afterByNumber = new Map(update.fields.map((field) => [field.number, field]));
  const beforeByName = new Map(original.fields.map((field) => [field.name, field]));

  for (const field of update.fields) {
    if (isReservedNumber(original.reserved, field.number) || original.reserved.names.includes(field.name)) {
      log.within(String(field.number), () => log.add("RESERVED_FIELD_REUSED", name(field)));
    }
  }
  for (const range of original.reserved.ranges) {
    if (!covered(update.reserved, range)) {
      const shown = range[0] === range[1] ? String(range[0]) : `${range[0]}-${range[1]}`;
      log.within(`reserved/${shown}`, () => log.add("RESERVED_FIELD_REMOVED", `${original.localName} ${shown}`));
    }
  }
  for (const reservedName of original.reserved.names) {
    if (!update.reserved.names.includes(reservedName)) {
      log.within(`reserved/${reservedName}`, () =>
        log.add("RESERVED_FIELD_REMOVED", `${original.localName}.${reservedName}`),
      );
    }
  }

  for (const field of original.fields) {
    const now = afterByName.get(field.name);
    log.within(String(field.number), () => {
      if (now === undefined) {
        const nameReserved = update.reserved.names.includes(field.name);
        const numberKept = isReservedNumber(update.reserved, field.number) || afterByNumber.has(field.number);
        if (!nameReserved || !numberKept) {
          log.add("FIELD_REMOVED_WITHOUT_RESERVED", `${original.localName}.${field.name}`);
        }
        return;
      }
      if (now.number !== field.number) log.add("FIELD_NUMBER_CHANGED", name(now));
      if (typeText(field.type) !== typeText(now.type)) log.add("FIELD_TYPE_CHANGED", name(now));
      if (field.label !== now.label) log.add("FIELD_LABEL_CHANGED", name(now));
    });
    const renamed = afterByNumber.get(field.number);
    if (renamed !== undefined && renamed.name !== field.name) {
      log.within(String(field.number), () => log.add("FIELD_NAME_CHANGED", name(renamed)));
    }
  }

  // A required field a reader insists on but older writers never wrote (proto2 only).
  if (proto2) {
    for (const field of update.fields) {
      if (field.label === "required" && !beforeByName.has(field.name)) {
        log.within(String(field.number), () => log.add("REQUIRED_FIELD_ADDED", name(field)));
      }
    }
  }
}

function enumRules(log: DifferenceLog, original: ProtoEnum, update: ProtoEnum): void {
  const afterByNumber = new Map(update.values.map((value) => [value.number, value.name]));
  const afterByName = new Map(update.values.map((value) => [value.name, value.number]));
  for (const value of original.values) {
    log.within(String(value.number), () => {
      const now = afterByNumber.get(value.number);
      const renumbered = afterByName.get(value.name);
      if (renumbered !== undefined && renumbered !== value.number) {
        log.add("FIELD_NUMBER_CHANGED", `${update.localName}.${value.name}`);
      }
      if (now === undefined) {
        const reserved = isReservedNumber(update.reserved, value.number) || update.reserved.names.includes(value.name);
        if (!reserved && renumbered === undefined) log.add("ENUM_CONST_REMOVED", `${original.localName}.${value.name}`);
      } else if (now !== value.name) log.add("ENUM_CONST_CHANGED", `${update.localName}.${now}`);
    });
  }
}

function isReservedNumber(reserved: ProtoReserved, number: number): boolean {
  return reserved.ranges.some(([start, end]) => number >= start && number <= end);
}

function covered(reserved: ProtoReserved, [start, end]: readonly [number, number]): boolean {
  return reserved.ranges.some(([from, to]) => from <= start && end <= to);
}

function typeText(type: ProtoFieldType): string {
  switch (type.kind) {
    case "scalar":
      return type.name;
    case "map":
      return `map<${typeText(type.key)}, ${typeText(type.value)}>`;
    default:
      return type.fullName;
  }
}
