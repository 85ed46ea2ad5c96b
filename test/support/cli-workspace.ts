import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeEach } from "vitest";
import { runCli } from "../../codegen/cli.js";
import { HttpRegistryClient } from "../../src/registry/index.js";

export interface CliRun {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/**
 * For the CLI's integration tests: a fresh folder per test (removed after it), registry clients (and
 * whatever else is handed to closeAfter) closed after the file, and `schemakit` run in the folder with
 * the environment given. Call at the top of a file.
 */
export class CliWorkspace {
  #dir = "";
  readonly #closables: { close(): Promise<void> }[] = [];

  constructor(
    prefix: string,
    readonly registryUrl: () => string,
  ) {
    beforeEach(async () => {
      this.#dir = await mkdtemp(join(tmpdir(), prefix));
    });
    afterEach(async () => {
      await rm(this.#dir, { recursive: true, force: true });
    });
    afterAll(async () => {
      await Promise.all(this.#closables.map((closable) => closable.close()));
    });
  }

  /** The current test's folder. */
  get dir(): string {
    return this.#dir;
  }

  /** A client of the registry, closed after the file. */
  client(): HttpRegistryClient {
    return this.closeAfter(new HttpRegistryClient({ url: this.registryUrl() }));
  }

  /** Closes it after the file's tests. */
  closeAfter<T extends { close(): Promise<void> }>(closable: T): T {
    this.#closables.push(closable);
    return closable;
  }

  /** Writes a file under the test's folder, making its folders. */
  async write(path: string, text: string): Promise<void> {
    await mkdir(dirname(join(this.#dir, path)), { recursive: true });
    await writeFile(join(this.#dir, path), text);
  }

  /** Runs `schemakit ARGV…` in the test's folder; `env` defaults to the registry's URL only. */
  async run(argv: readonly string[], env: Record<string, string> = { SCHEMA_REGISTRY_URL: this.registryUrl() }) {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line), cwd: this.#dir, env };
    const code = await runCli([...argv], io);
    return { code, out, err } satisfies CliRun;
  }
}
