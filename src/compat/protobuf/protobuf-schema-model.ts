import { type DescEnum, type DescField, type DescFile, type DescMessage, ScalarType } from "@bufbuild/protobuf";

// The shape the Protobuf rules compare: the declarations of one .proto file as its text reads them (labels as
// written, map fields as maps, synthetic oneofs and map-entry messages left out), built from compiled
// descriptors so that every type name is already resolved to its full name.

/** A field's label as written: `null` for a proto3 singular field without `optional`, a oneof member, a map. */
export type ProtoLabel = "optional" | "required" | "repeated" | null;

/** A field's type: a scalar by its keyword, an enum or message by full name, a map by key and value. */
export type ProtoFieldType =
  | { readonly kind: "scalar"; readonly name: string }
  | { readonly kind: "enum"; readonly fullName: string }
  | { readonly kind: "message"; readonly fullName: string }
  | { readonly kind: "map"; readonly key: ProtoFieldType; readonly value: ProtoFieldType };

export interface ProtoField {
  readonly name: string;
  readonly number: number;
  readonly label: ProtoLabel;
  readonly type: ProtoFieldType;
  /** The oneof the field belongs to (not a proto3 `optional`'s synthetic one). */
  readonly oneof: string | undefined;
}

/** Reserved numbers (ranges, end inclusive) and names of a message or enum. */
export interface ProtoReserved {
  readonly ranges: readonly (readonly [number, number])[];
  readonly names: readonly string[];
}

interface ProtoTypeCommon {
  /** The declared name ("Line"). */
  readonly name: string;
  /** The name inside its package ("Order.Line"). */
  readonly localName: string;
  /** The full name ("com.acme.Order.Line"). */
  readonly fullName: string;
  readonly packageName: string;
  readonly reserved: ProtoReserved;
}

export interface ProtoMessage extends ProtoTypeCommon {
  readonly kind: "message";
  /** Every field in declaration order, oneof members included. */
  readonly fields: readonly ProtoField[];
  readonly oneofs: readonly string[];
  /** Nested messages (in declaration order), then enums; map entries aside. */
  readonly types: readonly ProtoDeclaredType[];
}

export interface ProtoEnum extends ProtoTypeCommon {
  readonly kind: "enum";
  readonly values: readonly { readonly name: string; readonly number: number }[];
}

export type ProtoDeclaredType = ProtoMessage | ProtoEnum;

/** One RPC of a service: its message types by full name, and whether each side streams. */
export interface ProtoMethod {
  readonly name: string;
  readonly input: string;
  readonly output: string;
  readonly clientStreaming: boolean;
  readonly serverStreaming: boolean;
}

/** A service as declared: its name inside the package, and its RPCs in declaration order. */
export interface ProtoService {
  readonly localName: string;
  readonly methods: readonly ProtoMethod[];
}

/** One .proto file's declarations, with every type it can name (its imports') by full name. */
export interface ProtobufSchema {
  /** The file's import path ("com/acme/order.proto"). */
  readonly file: string;
  readonly packageName: string;
  readonly proto2: boolean;
  /** Top-level messages (in declaration order), then enums. */
  readonly types: readonly ProtoDeclaredType[];
  /** Every message and enum of the file and of the files it imports (transitively), by full name. */
  readonly byFullName: ReadonlyMap<string, ProtoDeclaredType>;
  /**
   * The file's services. Confluent's rules never look at them (its SchemaDiff compares the package and
   * the types alone: records carry messages, not RPCs); the strict rules do, as Apicurio's checker does.
   */
  readonly services: readonly ProtoService[];
}

/** The Protobuf rules' view of a compiled file (from `buf build`'s descriptors). */
export function protobufSchemaOf(file: DescFile): ProtobufSchema {
  const byFullName = new Map<string, ProtoDeclaredType>();
  const seen = new Set<string>();
  const visit = (current: DescFile): ProtoDeclaredType[] => {
    const types = [...current.messages.map(messageOf), ...current.enums.map(enumOf)];
    if (!seen.has(current.proto.name)) {
      seen.add(current.proto.name);
      index(types, byFullName);
      for (const dependency of current.dependencies) visit(dependency);
    }
    return types;
  };
  const types = visit(file);
  const services = file.services.map(
    (service): ProtoService => ({
      localName: localNameOf(service.typeName, file.proto.package),
      methods: service.methods.map((method) => ({
        name: method.name,
        input: method.input.typeName,
        output: method.output.typeName,
        clientStreaming: method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming",
        serverStreaming: method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming",
      })),
    }),
  );
  return {
    file: file.proto.name,
    packageName: file.proto.package,
    proto2: isProto2(file),
    types,
    byFullName,
    services,
  };
}

function index(types: readonly ProtoDeclaredType[], into: Map<string, ProtoDeclaredType>): void {
  for (const type of types) {
    into.set(type.fullName, type);
    if (type.kind === "message") index(type.types, into);
  }
}

function isProto2(file: DescFile): boolean {
  return file.proto.syntax === "" || file.proto.syntax === "proto2";
}

function packageOf(type: DescMessage | DescEnum): string {
  return type.file.proto.package;
}

function localNameOf(fullName: string, packageName: string): string {
  return packageName === "" ? fullName : fullName.slice(packageName.length + 1);
}

function reservedOf(
  ranges: readonly { start: number; end: number }[],
  names: readonly string[],
  endExclusive: boolean,
): ProtoReserved {
  return {
    ranges: ranges.map((range) => [range.start, endExclusive ? range.end - 1 : range.end] as const),
    names: [...names],
  };
}

function messageOf(message: DescMessage): ProtoMessage {
  const packageName = packageOf(message);
  const proto2 = isProto2(message.file);
  return {
    kind: "message",
    name: message.name,
    localName: localNameOf(message.typeName, packageName),
    fullName: message.typeName,
    packageName,
    reserved: reservedOf(message.proto.reservedRange, message.proto.reservedName, true),
    fields: message.fields.map((field) => fieldOf(field, proto2)),
    oneofs: message.oneofs.map((oneof) => oneof.name),
    types: [...message.nestedMessages.map(messageOf), ...message.nestedEnums.map(enumOf)],
  };
}

function enumOf(type: DescEnum): ProtoEnum {
  const packageName = packageOf(type);
  return {
    kind: "enum",
    name: type.name,
    localName: localNameOf(type.typeName, packageName),
    fullName: type.typeName,
    packageName,
    reserved: reservedOf(type.proto.reservedRange, type.proto.reservedName, false),
    values: type.values.map((value) => ({ name: value.name, number: value.number })),
  };
}

function fieldOf(field: DescField, proto2: boolean): ProtoField {
  return {
    name: field.name,
    number: field.number,
    label: labelOf(field, proto2),
    type: typeOf(field),
    oneof: field.oneof?.name,
  };
}

// FieldDescriptorProto.Label: 2 is LABEL_REQUIRED.
const LABEL_REQUIRED = 2;

function labelOf(field: DescField, proto2: boolean): ProtoLabel {
  if (field.fieldKind === "list") return "repeated";
  if (field.fieldKind === "map" || field.oneof !== undefined) return null;
  if (field.proto.label === LABEL_REQUIRED) return "required";
  return proto2 || field.proto.proto3Optional ? "optional" : null;
}

function elementType(scalar: ScalarType | undefined, type: DescEnum | DescMessage | undefined): ProtoFieldType {
  if (scalar !== undefined) return { kind: "scalar", name: ScalarType[scalar].toLowerCase() };
  // A compiled field always names its element type; this only keeps the types total.
  if (type === undefined) return { kind: "scalar", name: "unknown" };
  return type.kind === "enum"
    ? { kind: "enum", fullName: type.typeName }
    : { kind: "message", fullName: type.typeName };
}

function typeOf(field: DescField): ProtoFieldType {
  if (field.fieldKind === "map") {
    return {
      kind: "map",
      key: { kind: "scalar", name: ScalarType[field.mapKey].toLowerCase() },
      value: elementType(field.scalar, field.enum ?? field.message),
    };
  }
  return elementType(field.scalar, field.enum ?? field.message);
}
