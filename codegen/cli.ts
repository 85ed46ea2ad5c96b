import { SCHEMAKIT_VERSION } from "./version.js";

// Exit codes shared by every command: 0 ok, 1 a finding (incompatible schema, stale generated code),
// 2 bad usage or configuration.
export const EXIT_OK = 0;
export const EXIT_USAGE = 2;

const USAGE = `usage: schemakit <command> [options]

commands arrive with their issues: generate, check, register

options:
  -h, --help     show this help
  -v, --version  print the schemakit version`;

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** Runs the CLI on argv (without node and script) and returns the exit code. */
export function runCli(argv: readonly string[], io: CliIo): number {
  const [first] = argv;
  if (first === "-h" || first === "--help") {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (first === "-v" || first === "--version") {
    io.out(SCHEMAKIT_VERSION);
    return EXIT_OK;
  }
  io.err(first === undefined ? "schemakit: no command given" : `schemakit: unknown command "${first}"`);
  io.err(USAGE);
  return EXIT_USAGE;
}
