import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXIT_USAGE, runCli } from "../../../codegen/cli.js";

// Hostile registry answers at the registry commands' door: each is exit 2 with one line naming what was
// wrong, never a stack, a hang or a file written outside the output folder. The registry here answers
// from a table of canned bodies by path; the real registry is in the integration tests.

type Answer = { readonly status: number; readonly body: string };
let answers: (path: string) => Answer;
let server: Server;
let url: string;
let dir: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const { status, body } = answers(decodeURIComponent(request.url ?? ""));
    request.resume();
    response.writeHead(status, { "content-type": "application/json" });
    response.end(body);
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((closed) => server.close(closed));
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "schemakit-hostile-registry-"));
  await mkdir(join(dir, "schemas"));
  await writeFile(
    join(dir, "schemakit.config.json"),
    JSON.stringify({ inputs: ["schemas"], topics: { orders: { value: "com.acme.Order" } } }),
  );
  await writeFile(
    join(dir, "schemas/order.avsc"),
    JSON.stringify({ type: "record", name: "Order", namespace: "com.acme", fields: [{ name: "id", type: "string" }] }),
  );
  return () => rm(dir, { recursive: true, force: true });
});

const ok = (json: unknown): Answer => ({ status: 200, body: JSON.stringify(json) });
const version = (schema: string, references: unknown[] = [], number = 1) =>
  ok({ subject: "orders-value", version: number, id: number, schema, references });

async function run(...argv: string[]): Promise<{ code: number; err: string[] }> {
  const err: string[] = [];
  const code = await runCli([...argv, "--registry", url], {
    out: () => undefined,
    err: (line) => err.push(line),
    cwd: dir,
    env: {},
  });
  return { code, err };
}

/** Answers /config with BACKWARD, versions with [1], and version 1 with `latest`. */
function registryWith(latest: Answer): (path: string) => Answer {
  return (path) => {
    if (path.startsWith("/config")) return ok({ compatibilityLevel: "BACKWARD" });
    if (path.endsWith("/versions")) return ok([1]);
    return latest;
  };
}

describe("registry commands against hostile registry answers", () => {
  const rows: readonly (readonly [string, (path: string) => Answer, RegExp])[] = [
    ["an HTML login page", () => ({ status: 200, body: "<html>login</html>" }), /unexpected answer/],
    ["a schema that is not JSON", registryWith(version("{ nope")), /the registry answered a schema that is not JSON/],
    [
      "a schema that is not valid Avro",
      registryWith(version(JSON.stringify({ type: "record", name: "R", fields: [{ name: "x", type: "Nope" }] }))),
      /registry subject orders-value version 1/,
    ],
    [
      "an endless chain of references",
      (path) => {
        if (path.startsWith("/config")) return ok({ compatibilityLevel: "BACKWARD" });
        if (path.endsWith("/versions")) return ok([1]);
        const at = Number(/\/versions\/(\d+)$/.exec(path)?.[1] ?? "1");
        return version('"string"', [{ name: `r${at + 1}`, subject: "chain", version: at + 1 }], at);
      },
      /more than 1000 referenced schemas/,
    ],
    ["versions that are not numbers", (path) => (path.endsWith("/versions") ? ok(["1"]) : ok({})), /unexpected answer/],
  ];

  it.each(rows)("check: %s", async (_name, table, message) => {
    answers = table;
    const result = await run("check");
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(message);
  });

  it("pull refuses a schema whose name would leave the output folder", async () => {
    answers = registryWith(version(JSON.stringify({ type: "record", name: "x", namespace: "..", fields: [] })));
    const result = await run("pull", "orders-value", "--out", "out", "--no-lockfile");
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.err[0]).toMatch(/^schemakit pull: read registry subject orders-value version 1/);
    expect((await readdir(dir)).sort()).toEqual(["schemakit.config.json", "schemas"]);
  });
});
