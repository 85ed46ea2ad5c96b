import { AvroIdlError } from "./idl-errors.js";
import { type Token, type TokenKind, tokenize } from "./idl-lexer.js";
import type {
  EnumSyntax,
  FieldSyntax,
  FixedSyntax,
  FullTypeSyntax,
  IdlFileSyntax,
  ImportSyntax,
  MessageSyntax,
  NamedTypeSyntax,
  PlainTypeSyntax,
  PrimitiveKeyword,
  PropertySyntax,
  ProtocolSyntax,
  RecordSyntax,
  VariableSyntax,
} from "./idl-syntax.js";
import type { JsonValue } from "./json-value.js";
import type { SourceText } from "./source-text.js";

/** How deep types and JSON values may nest; deeper input is an error, never a stack overflow. */
export const MAX_NESTING_DEPTH = 200;

const PRIMITIVE_KEYWORDS: ReadonlySet<string> = new Set<PrimitiveKeyword>([
  "boolean",
  "int",
  "long",
  "float",
  "double",
  "bytes",
  "string",
  "null",
  "date",
  "time_ms",
  "timestamp_ms",
  "local_timestamp_ms",
  "uuid",
]);

/** Parses one IDL file into its syntax tree (Avro 1.12's grammar); syntax errors name line, column and expectation. */
export function parseIdl(source: SourceText): IdlFileSyntax {
  return new IdlParser(source, tokenize(source)).file();
}

class IdlParser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly source: SourceText,
    private readonly tokens: readonly Token[],
  ) {}

  file(): IdlFileSyntax {
    const start = this.index;
    this.properties();
    const isProtocol = this.isKeyword(this.peek(), "protocol");
    this.index = start;
    if (isProtocol) {
      const protocol = this.protocol();
      this.expect("end", "the end of the file after the protocol");
      return { kind: "protocol", protocol };
    }
    let namespace: (IdlFileSyntax & { kind: "schema" })["namespace"];
    if (this.isKeyword(this.peek(), "namespace")) {
      const offset = this.next().offset;
      namespace = { offset, name: this.identifier("a namespace") };
      this.expect(";", '";" after the namespace');
    }
    let mainSchema: FullTypeSyntax | undefined;
    if (this.isKeyword(this.peek(), "schema")) {
      this.next();
      mainSchema = this.fullType();
      this.expect(";", '";" after the main schema');
    }
    const body: (ImportSyntax | NamedTypeSyntax)[] = [];
    while (this.peek().kind !== "end") {
      body.push(this.isImport() ? this.importStatement() : this.namedType(this.properties(), this.peek(), false));
    }
    return { kind: "schema", namespace, mainSchema, body };
  }

  private protocol(): ProtocolSyntax {
    const first = this.peek();
    const properties = this.properties();
    this.expectKeyword("protocol");
    const nameOffset = this.peek().offset;
    const name = this.identifier("the protocol name");
    this.expect("{", '"{" to open the protocol');
    const body: ProtocolSyntax["body"][number][] = [];
    while (this.peek().kind !== "}") {
      if (this.peek().kind === "end") this.unexpected('"}" to close the protocol, or a declaration');
      if (this.isImport()) {
        body.push(this.importStatement());
        continue;
      }
      const start = this.peek();
      const declarationProperties = this.properties();
      body.push(
        this.startsNamedType()
          ? this.namedType(declarationProperties, start, true)
          : this.message(declarationProperties, start),
      );
    }
    this.next();
    return { offset: first.offset, doc: first.doc, properties, name, nameOffset, body };
  }

  private isImport(): boolean {
    const [first, second, third] = [this.peek(), this.peek(1), this.peek(2)];
    return (
      this.isKeyword(first, "import") &&
      (this.isKeyword(second, "idl") || this.isKeyword(second, "protocol") || this.isKeyword(second, "schema")) &&
      third.kind === "string"
    );
  }

  private importStatement(): ImportSyntax {
    const offset = this.next().offset;
    const importKind = this.next().text as ImportSyntax["importKind"];
    const location = this.next();
    this.expect(";", '";" after the import');
    return { kind: "import", offset, importKind, location: location.value, locationOffset: location.offset };
  }

  private startsNamedType(): boolean {
    const [first, second, third, fourth] = [this.peek(), this.peek(1), this.peek(2), this.peek(3)];
    if (second.kind !== "identifier") return false;
    if (this.isKeyword(first, "record") || this.isKeyword(first, "error") || this.isKeyword(first, "enum"))
      return third.kind === "{";
    return this.isKeyword(first, "fixed") && third.kind === "(" && fourth.kind === "integer";
  }

  private namedType(properties: PropertySyntax[], start: Token, inProtocol: boolean): NamedTypeSyntax {
    const keyword = this.peek();
    const base = { offset: start.offset, doc: start.doc, properties };
    if (this.isKeyword(keyword, "record") || this.isKeyword(keyword, "error")) return this.record(base);
    if (this.isKeyword(keyword, "enum")) return this.enumeration(base);
    if (this.isKeyword(keyword, "fixed")) return this.fixed(base);
    return this.unexpected(
      inProtocol ? "record, error, enum, fixed or a message" : "import, record, error, enum or fixed",
    );
  }

  private record(base: { offset: number; doc: string | undefined; properties: PropertySyntax[] }): RecordSyntax {
    const error = this.next().text === "error";
    const nameOffset = this.peek().offset;
    const name = this.identifier("the record name");
    this.expect("{", '"{" to open the record');
    const fields: FieldSyntax[] = [];
    while (this.peek().kind !== "}") {
      if (this.peek().kind === "end") this.unexpected('"}" to close the record, or a field');
      fields.push(this.field(";"));
    }
    this.next();
    return { ...base, kind: "record", error, name, nameOffset, fields };
  }

  /** A field (or a message parameter, which has one variable and no terminator of its own). */
  private field(terminator: ";" | undefined): FieldSyntax {
    const first = this.peek();
    const type = this.fullType();
    const variables = [this.variable()];
    if (terminator !== undefined) {
      while (this.peek().kind === ",") {
        this.next();
        variables.push(this.variable());
      }
      this.expect(terminator, '";" after the field, or "," and another field name');
    }
    return { offset: first.offset, doc: first.doc, type, variables };
  }

  private variable(): VariableSyntax {
    const first = this.peek();
    const properties = this.properties();
    const name = this.identifier("a field name");
    let fallback: VariableSyntax["default"];
    if (this.peek().kind === "=") {
      this.next();
      const offset = this.peek().offset;
      fallback = { offset, value: this.jsonValue() };
    }
    return { offset: first.offset, doc: first.doc, properties, name, default: fallback };
  }

  private enumeration(base: { offset: number; doc: string | undefined; properties: PropertySyntax[] }): EnumSyntax {
    this.next();
    const nameOffset = this.peek().offset;
    const name = this.identifier("the enum name");
    this.expect("{", '"{" to open the enum');
    const symbols: EnumSyntax["symbols"][number][] = [];
    if (this.peek().kind !== "}") {
      for (;;) {
        this.properties(); // allowed by the grammar, ignored (as Avro's Java reader ignores them)
        const offset = this.peek().offset;
        symbols.push({ offset, name: this.identifier("an enum symbol") });
        if (this.peek().kind !== ",") break;
        this.next();
      }
    }
    this.expect("}", '"}" to close the enum, or "," and another symbol');
    let fallback: EnumSyntax["default"];
    if (this.peek().kind === "=") {
      this.next();
      const offset = this.peek().offset;
      fallback = { offset, name: this.identifier("the default symbol") };
      this.expect(";", '";" after the enum default');
    }
    return { ...base, kind: "enum", name, nameOffset, symbols, default: fallback };
  }

  private fixed(base: { offset: number; doc: string | undefined; properties: PropertySyntax[] }): FixedSyntax {
    this.next();
    const nameOffset = this.peek().offset;
    const name = this.identifier("the fixed name");
    this.expect("(", '"(" and the size');
    const size = this.expect("integer", "the size, an integer");
    this.expect(")", '")" after the size');
    this.expect(";", '";" after the fixed declaration');
    return { ...base, kind: "fixed", name, nameOffset, size: { offset: size.offset, text: size.text } };
  }

  private message(properties: PropertySyntax[], start: Token): MessageSyntax {
    const resultOffset = this.peek().offset;
    let result: PlainTypeSyntax | undefined;
    if (this.isKeyword(this.peek(), "void")) this.next();
    else result = this.plainType('a message\'s result type, a declaration or "}"');
    const name = this.identifier("the message name");
    this.expect("(", '"(" and the message parameters');
    const parameters: FieldSyntax[] = [];
    if (this.peek().kind !== ")") {
      for (;;) {
        parameters.push(this.field(undefined));
        if (this.peek().kind !== ",") break;
        this.next();
      }
    }
    this.expect(")", '")" after the parameters, or "," and another parameter');
    let oneway = false;
    const errors: MessageSyntax["errors"][number][] = [];
    if (this.isKeyword(this.peek(), "oneway")) {
      this.next();
      oneway = true;
    } else if (this.isKeyword(this.peek(), "throws")) {
      this.next();
      for (;;) {
        const offset = this.peek().offset;
        errors.push({ offset, name: this.identifier("an error type") });
        if (this.peek().kind !== ",") break;
        this.next();
      }
    }
    this.expect(";", '";" after the message');
    return {
      kind: "message",
      offset: start.offset,
      doc: start.doc,
      properties,
      result,
      resultOffset,
      name,
      parameters,
      oneway,
      errors,
    };
  }

  private fullType(): FullTypeSyntax {
    const offset = this.peek().offset;
    const properties = this.properties();
    return { offset, properties, type: this.plainType("a type") };
  }

  private plainType(expected: string): PlainTypeSyntax {
    const token = this.peek();
    if (token.kind !== "identifier") return this.unexpected(expected);
    const next = this.peek(1);
    const { offset } = token;
    if (this.isKeyword(token, "array") && next.kind === "<") {
      this.next();
      this.next();
      const items = this.nested(() => this.fullType());
      this.expect(">", '">" to close array<...>');
      return { kind: "array", offset, items };
    }
    if (this.isKeyword(token, "map") && next.kind === "<") {
      this.next();
      this.next();
      const values = this.nested(() => this.fullType());
      this.expect(">", '">" to close map<...>');
      return { kind: "map", offset, values };
    }
    if (this.isKeyword(token, "union") && next.kind === "{") {
      this.next();
      this.next();
      const branches = [this.nested(() => this.fullType())];
      while (this.peek().kind === ",") {
        this.next();
        branches.push(this.nested(() => this.fullType()));
      }
      this.expect("}", '"}" to close the union, or "," and another type');
      return { kind: "union", offset, branches };
    }
    this.next();
    if (this.isKeyword(token, "decimal") && next.kind === "(") {
      this.next();
      const precision = this.expect("integer", "the decimal precision, an integer").text;
      let scale: string | undefined;
      if (this.peek().kind === ",") {
        this.next();
        scale = this.expect("integer", "the decimal scale, an integer").text;
      }
      this.expect(")", '")" after decimal(precision, scale)');
      return { kind: "decimal", offset, precision, scale, optional: this.optional() };
    }
    if (token.keyword && PRIMITIVE_KEYWORDS.has(token.text))
      return { kind: "primitive", offset, name: token.text as PrimitiveKeyword, optional: this.optional() };
    return { kind: "reference", offset, name: token.value, optional: this.optional() };
  }

  private optional(): boolean {
    if (this.peek().kind !== "?") return false;
    this.next();
    return true;
  }

  private properties(): PropertySyntax[] {
    const properties: PropertySyntax[] = [];
    while (this.peek().kind === "@") {
      const offset = this.next().offset;
      const name = this.identifier("a property name");
      this.expect("(", '"(" and the property value');
      const valueOffset = this.peek().offset;
      const value = this.jsonValue();
      this.expect(")", '")" after the property value');
      properties.push({ offset, name, value, valueOffset });
    }
    return properties;
  }

  private jsonValue(): JsonValue {
    const token = this.peek();
    switch (token.kind) {
      case "string":
        this.next();
        return token.value;
      case "integer":
      case "float":
        this.next();
        return token.number ?? null;
      case "[": {
        this.next();
        const items: JsonValue[] = [];
        if (this.peek().kind !== "]") {
          for (;;) {
            items.push(this.nested(() => this.jsonValue()));
            if (this.peek().kind !== ",") break;
            this.next();
          }
        }
        this.expect("]", '"]" to close the array, or "," and another value');
        return items;
      }
      case "{": {
        this.next();
        const object = new Map<string, JsonValue>();
        if (this.peek().kind !== "}") {
          for (;;) {
            const key = this.expect("string", "a quoted key").value;
            this.expect(":", '":" after the key');
            // Java's JSON objects keep the first position of a repeated key and its last value; so does a Map.
            object.set(
              key,
              this.nested(() => this.jsonValue()),
            );
            if (this.peek().kind !== ",") break;
            this.next();
          }
        }
        this.expect("}", '"}" to close the object, or "," and another key');
        return object;
      }
      case "identifier":
        if (token.keyword && (token.text === "true" || token.text === "false" || token.text === "null")) {
          this.next();
          return token.text === "null" ? null : token.text === "true";
        }
        return this.unexpected("a JSON value");
      default:
        return this.unexpected("a JSON value");
    }
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_NESTING_DEPTH) {
      throw new AvroIdlError(
        this.source.position(this.peek().offset),
        `types or values nest deeper than ${MAX_NESTING_DEPTH} levels`,
      );
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private identifier(expected: string): string {
    const token = this.peek();
    if (token.kind !== "identifier") return this.unexpected(expected);
    this.next();
    return token.value;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === "identifier" && token.keyword && token.text === keyword;
  }

  private expectKeyword(keyword: string): void {
    if (!this.isKeyword(this.peek(), keyword)) this.unexpected(`"${keyword}"`);
    this.next();
  }

  private expect(kind: TokenKind, expected: string): Token {
    if (this.peek().kind !== kind) this.unexpected(expected);
    return this.next();
  }

  private unexpected(expected: string): never {
    const token = this.peek();
    const found =
      token.kind === "end"
        ? "the end of the file"
        : `"${token.text.length > 40 ? `${token.text.slice(0, 37)}...` : token.text}"`;
    throw new AvroIdlError(this.source.position(token.offset), `expected ${expected}, found ${found}`, { expected });
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }
}
