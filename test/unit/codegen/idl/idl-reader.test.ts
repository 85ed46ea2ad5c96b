import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT_USAGE, runCli } from "../../../../codegen/cli.js";
import {
  AvroIdlError,
  codegenSchemas,
  readIdlFile,
  readProtocolFile,
  toJavaJson,
} from "../../../../codegen/load/idl/index.js";
import { loadSchemaFile } from "../../../../codegen/load/load-schema-files.js";

// The reader's own behaviour (imports, errors, what codegen receives). Whether its schemas equal Java's
// is the oracle test's job: test/interop/avro-idl-java.test.ts.

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "schemakit-idl-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(path: string, text: string): Promise<string> {
  await mkdir(join(dir, path, ".."), { recursive: true });
  await writeFile(join(dir, path), text);
  return join(dir, path);
}

function readError(path: string): AvroIdlError {
  try {
    readIdlFile(path, { cwd: dir });
  } catch (error) {
    if (error instanceof AvroIdlError) return error;
    throw error;
  }
  throw new Error("no error");
}

describe("IDL reader", () => {
  it("puts time_ms on int, and reads decimal, uuid and the other shorthands", async () => {
    const file = await write(
      "s.avdl",
      "protocol S { record R { time_ms t; decimal(9,2) p; uuid u; local_timestamp_ms l; date d; timestamp_ms ts; } }",
    );
    const json = toJavaJson(readIdlFile(file)) as { protocol: { types: { fields: { type: unknown }[] }[] } };
    expect(json.protocol.types[0]?.fields.map((field) => field.type)).toEqual([
      { type: "int", logicalType: "time-millis" },
      { type: "bytes", logicalType: "decimal", precision: 9, scale: 2 },
      { type: "string", logicalType: "uuid" },
      { type: "long", logicalType: "local-timestamp-millis" },
      { type: "int", logicalType: "date" },
      { type: "long", logicalType: "timestamp-millis" },
    ]);
  });

  it("resolves imports relative to the importing file, reads each file once and ends cycles", async () => {
    await write("shared/money.avsc", JSON.stringify({ type: "record", name: "Money", namespace: "m", fields: [] }));
    await write("shared/common.avdl", 'protocol C { import schema "money.avsc"; import idl "../main.avdl"; }');
    const main = await write(
      "main.avdl",
      '@namespace("x") protocol M { import idl "shared/common.avdl"; import schema "shared/money.avsc"; ' +
        "record R { m.Money money; } }",
    );
    const document = readIdlFile(main, { cwd: dir });
    expect(document.types.values().map((type) => type.fullName)).toEqual(["m.Money", "x.R"]);
    expect(document.files.map((file) => [file.path.slice(dir.length + 1), file.format])).toEqual([
      ["main.avdl", "idl"],
      ["shared/common.avdl", "idl"],
      ["shared/money.avsc", "avsc"],
    ]);
  });

  it("reports a missing import, an undefined name and a bad default at their line and column", async () => {
    const missing = readError(await write("a.avdl", 'protocol A {\n  import idl "nope/b.avdl";\n}'));
    expect(missing.message).toBe('read a.avdl:2:14: cannot import "nope/b.avdl": there is no file nope/b.avdl');
    expect(readError(await write("b.avdl", "protocol B {\n record R {\n  Nope n;\n }\n}")).message).toBe(
      "read b.avdl:3:3: undefined type name Nope",
    );
    expect(readError(await write("c.avdl", 'protocol C { record R { int x = "1"; } }')).message).toBe(
      'read c.avdl:1:29: invalid default for field x of R: "1"',
    );
    const json = readError(
      await write("d.avdl", 'protocol D { import schema "bad.avsc"; }').then(async (path) => {
        await write("bad.avsc", '{"type": "record", "name": "X", "fields": [}');
        return path;
      }),
    );
    expect(json.message).toBe("read bad.avsc:1:44: expected a JSON value");
  });

  it("bounds import chains", async () => {
    for (let index = 0; index < 70; index++) {
      await write(`chain/f${index}.avdl`, `protocol F${index} { import idl "f${index + 1}.avdl"; }`);
    }
    await write("chain/f70.avdl", "protocol F70 {}");
    expect(readError(join(dir, "chain/f0.avdl")).message).toContain("imports nest deeper than 64 files");
  });

  it("refuses to write named types nested deeper than the limit as JSON, with a typed error", async () => {
    const records = Array.from({ length: 600 }, (_, index) => `record R${index} { R${index + 1}? next = null; }`);
    const file = await write("chain.avdl", `protocol C {\n${records.join("\n")}\nrecord R600 { int x; }\n}`);
    const document = readIdlFile(file, { cwd: dir });
    expect(codegenSchemas(document)).toHaveLength(601);
    expect(() => toJavaJson(document)).toThrow("read chain.avdl:502:1: named types nest deeper than 500 levels");
  });

  it("keeps messages (Java writes them into the protocol)", async () => {
    const file = await write("m.avdl", 'protocol M { error E { string why; } string hi(string to = "x") throws E; }');
    const json = toJavaJson(readIdlFile(file)) as { protocol: { messages: unknown } };
    expect(json.protocol.messages).toEqual({
      hi: { request: [{ name: "to", type: "string", default: "x" }], response: "string", errors: ["E"] },
    });
  });

  it("reads .avpr files on their own", async () => {
    const file = await write(
      "p.avpr",
      JSON.stringify({
        protocol: "P",
        namespace: "n",
        types: [
          { type: "record", name: "R", fields: [{ name: "e", type: { type: "enum", name: "E", symbols: ["A"] } }] },
        ],
        messages: { m: { request: [], response: "R" } },
      }),
    );
    const document = readProtocolFile(file, { cwd: dir });
    expect(document.types.values().map((type) => type.fullName)).toEqual(["n.E", "n.R"]);
    expect(codegenSchemas(document)).toEqual([
      { type: "enum", name: "E", namespace: "n", symbols: ["A"] },
      { type: "record", name: "R", namespace: "n", fields: [{ name: "e", type: "E" }] },
    ]);
  });

  it("gives codegen the same entries for a file whether it is an input or imported", async () => {
    const money = { type: "record", name: "Money", namespace: "m", fields: [{ name: "units", type: "long" }] };
    await write("money.avsc", JSON.stringify(money));
    await write("common.avdl", '@namespace("c") protocol C { enum Kind { A } }');
    const main = await write(
      "main.avdl",
      '@namespace("x") protocol M { import schema "money.avsc"; import idl "common.avdl"; ' +
        "record R { m.Money money; c.Kind kind; } }",
    );
    const loaded = await loadSchemaFile(main, dir);
    expect(loaded.schemas).toEqual([
      money,
      { type: "enum", name: "Kind", namespace: "c", symbols: ["A"] },
      {
        type: "record",
        name: "R",
        namespace: "x",
        fields: [
          { name: "money", type: "m.Money" },
          { name: "kind", type: "c.Kind" },
        ],
      },
    ]);
    const common = await loadSchemaFile(join(dir, "common.avdl"), dir);
    expect(common.schemas).toEqual([loaded.schemas[1]]);
  });

  it("makes `schemakit generate` exit 2 with file:line:col on invalid IDL, and generate from .avpr", async () => {
    await write("bad.avdl", "protocol P {\n  record A { int x }\n}");
    const err: string[] = [];
    const code = await runCli(["generate", "bad.avdl", "--out", "gen"], {
      out: () => {},
      err: (line) => err.push(line),
      cwd: dir,
    });
    expect(code).toBe(EXIT_USAGE);
    expect(err).toEqual([
      'schemakit generate: read bad.avdl:2:20: expected ";" after the field, or "," and another field name, found "}"',
    ]);
    await write(
      "ok.avpr",
      JSON.stringify({ protocol: "P", namespace: "n", types: [{ type: "record", name: "R", fields: [] }] }),
    );
    const ok = await runCli(["generate", "ok.avpr", "--out", "gen"], { out: () => {}, err: () => {}, cwd: dir });
    expect(ok).toBe(0);
    expect(await readFile(join(dir, "gen/n/r.avro.ts"), "utf8")).toContain("export class R");
  });
});
