import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { IdlAssembler, type ProtocolNode } from "./idl-assembler.js";
import { AvroIdlError, type SourcePosition } from "./idl-errors.js";
import { parseIdl } from "./idl-parser.js";
import type { ImportSyntax } from "./idl-syntax.js";
import { JsonSchemaReader, readJsonProtocol } from "./json-schema-reader.js";
import { parseJsonText } from "./json-text.js";
import { NamedTypes } from "./named-types.js";
import { resolveSchemas } from "./resolve-schemas.js";
import type { MessageNode, SchemaNode } from "./schema-nodes.js";
import { SourceText } from "./source-text.js";

/** How deep `import idl` may chain; deeper is an error (a chain that long is a mistake, not a design). */
export const MAX_IMPORT_DEPTH = 64;

/** A file read while reading an IDL file: the file itself and everything it imports, transitively. */
export interface ReadFile {
  readonly path: string;
  readonly format: "idl" | "avsc" | "avpr";
  /** An .avsc's JSON, as JSON.parse reads it (what schemakit reads from an .avsc given directly). */
  readonly json?: unknown;
}

/** An IDL file and its imports, read and resolved. */
export interface IdlDocument {
  readonly path: string;
  /** Set for a protocol file; undefined for a file in the schema syntax. */
  readonly protocol: ProtocolNode | undefined;
  /** The `schema` declaration of a file in the schema syntax, when it has one. */
  readonly mainSchema: SchemaNode | undefined;
  /** Every named type, from this file and its imports, in Java's order. */
  readonly types: NamedTypes;
  readonly files: readonly ReadFile[];
}

export interface ReadOptions {
  /** Working directory file names in messages are relative to (default: process.cwd()). */
  readonly cwd?: string;
}

/**
 * Reads an Avro IDL file as Avro 1.12's Java IDL compiler does: imports relative to the importing file
 * (each file read once, so cycles end), every name resolved across files, defaults checked. Errors are
 * AvroIdlError with file:line:column.
 */
export function readIdlFile(path: string, options: ReadOptions = {}): IdlDocument {
  const reader = new IdlFileReader(options.cwd ?? process.cwd());
  const absolute = resolve(path);
  reader.locations.add(absolute);
  const root = reader.readIdl(absolute);
  resolveSchemas(reader.types, {
    schemas: root.mainSchema === undefined ? [] : [root.mainSchema],
    messages: [...(root.protocol?.messages.values() ?? [])],
  });
  return {
    path: absolute,
    protocol: root.protocol,
    mainSchema: root.mainSchema,
    types: reader.types,
    files: reader.files,
  };
}

/** Reads an .avpr file on its own: its types and messages, resolved. */
export function readProtocolFile(path: string, options: ReadOptions = {}): IdlDocument {
  const reader = new IdlFileReader(options.cwd ?? process.cwd());
  const absolute = resolve(path);
  const source = reader.source(absolute, undefined);
  const at = source.position(0);
  const protocol = reader.readProtocol(source, at);
  resolveSchemas(reader.types, { schemas: [], messages: [...protocol.messages.values()] });
  return { path: absolute, protocol, mainSchema: undefined, types: reader.types, files: reader.files };
}

class IdlFileReader {
  readonly types = new NamedTypes();
  readonly locations = new Set<string>();
  readonly files: ReadFile[] = [];
  private depth = 0;

  constructor(private readonly cwd: string) {}

  readIdl(path: string): { protocol: ProtocolNode | undefined; mainSchema: SchemaNode | undefined } {
    const source = this.source(path, undefined);
    this.files.push({ path, format: "idl" });
    const syntax = parseIdl(source);
    const assembler = new IdlAssembler(source, path, this.types, {
      importFile: (statement, importer) => this.importFile(statement, importer, path),
    });
    return assembler.assemble(syntax);
  }

  readProtocol(source: SourceText, at: SourcePosition): ProtocolNode & { messages: Map<string, MessageNode> } {
    const path = resolve(this.cwd, source.file);
    this.files.push({ path, format: "avpr" });
    const fail = (detail: string): never => {
      throw new AvroIdlError(at, `${source.file}: ${detail}`);
    };
    const own = new NamedTypes();
    const protocol = readJsonProtocol(parseJsonText(source), own, { origin: { path, format: "avpr" }, at, fail });
    // An .avpr is read on its own (its names cannot refer to the importer's types), then merged.
    resolveSchemas(own, { schemas: [], messages: [...protocol.messages.values()] });
    for (const type of own.values()) {
      const earlier = this.types.put(type);
      if (earlier !== undefined) fail(`type ${type.fullName} is already defined differently`);
    }
    return { ...protocol };
  }

  private importFile(
    statement: ImportSyntax,
    importer: SourceText,
    importerPath: string,
  ): ReadonlyMap<string, MessageNode> | undefined {
    const at = importer.position(statement.locationOffset);
    const target = resolve(dirname(importerPath), statement.location);
    if (!existsSync(target) || !statSync(target).isFile())
      throw new AvroIdlError(at, `cannot import "${statement.location}": there is no file ${this.show(target)}`);
    if (this.locations.has(target)) return undefined;
    this.locations.add(target);
    if (++this.depth > MAX_IMPORT_DEPTH)
      throw new AvroIdlError(at, `imports nest deeper than ${MAX_IMPORT_DEPTH} files`);
    try {
      switch (statement.importKind) {
        case "idl":
          return this.readIdl(target).protocol?.messages;
        case "protocol":
          return this.readProtocol(this.source(target, at), at).messages;
        case "schema": {
          const source = this.source(target, at);
          const json = parseJsonText(source);
          this.files.push({ path: target, format: "avsc", json: JSON.parse(source.text) });
          const fail = (detail: string): never => {
            throw new AvroIdlError(at, `${source.file}: ${detail}`);
          };
          new JsonSchemaReader(this.types, { origin: { path: target, format: "avsc" }, at, fail }).schema(json, null);
          return undefined;
        }
      }
    } finally {
      this.depth--;
    }
  }

  source(path: string, importedAt: SourcePosition | undefined): SourceText {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (cause) {
      const where = importedAt ?? { file: this.show(path), line: 1, column: 1 };
      throw new AvroIdlError(where, `cannot read ${this.show(path)}`, { cause });
    }
    // A byte order mark is not part of the text (Java's reader drops it too).
    return new SourceText(this.show(path), text.startsWith("\uFEFF") ? text.slice(1) : text);
  }

  private show(path: string): string {
    return relative(this.cwd, path).split("\\").join("/") || path;
  }
}
