import { runCheck } from "./check-command.js";
import { runCompat } from "./compat-command.js";
import { runPull } from "./pull-command.js";
import { runLock, runRegister } from "./register-command.js";
import { EXIT_OK, EXIT_USAGE, runGenerate, type CliIo } from "./generate-command.js";
import { SCHEMAKIT_VERSION } from "./version.js";

export { EXIT_FINDING, EXIT_OK, EXIT_USAGE, type CliIo } from "./generate-command.js";

const USAGE = `usage: schemakit <command> [options]

commands:
  generate       .avsc / .avdl → TypeScript record classes and topic bindings (schemakit generate --help)
  check          new schemas against earlier versions: files, folders, git:REV or the registry
  register       register the config's schemas, references first; writes schemakit.lock.json
  lock           write schemakit.lock.json from what is registered, registering nothing
  pull           write registered schemas (and their references) to .avsc files
  compat         read or set a subject's or the global compatibility level (compat get|set)

options:
  -h, --help     show this help
  -v, --version  print the schemakit version`;

/** Runs the CLI on argv (without node and script) and resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === "-h" || first === "--help") {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (first === "-v" || first === "--version") {
    io.out(SCHEMAKIT_VERSION);
    return EXIT_OK;
  }
  if (first === "generate") return runGenerate(rest, io);
  if (first === "check") return runCheck(rest, io);
  if (first === "register") return runRegister(rest, io);
  if (first === "lock") return runLock(rest, io);
  if (first === "pull") return runPull(rest, io);
  if (first === "compat") return runCompat(rest, io);
  io.err(first === undefined ? "schemakit: no command given" : `schemakit: unknown command "${first}"`);
  io.err(USAGE);
  return EXIT_USAGE;
}
