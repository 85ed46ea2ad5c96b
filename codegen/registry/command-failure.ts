import type { SdkError } from "../../src/errors/index.js";
import { type CliIo, EXIT_USAGE } from "../generate-command.js";

/**
 * A typed failure of a command: one line on stderr, and with `--format json` also
 * `{ "error": { "name", "code", "message" } }` on stdout, so that a machine reading stdout learns why
 * there is no report. The message is the error's own (registry errors hold no credential). Exit 2.
 */
export function reportFailure(command: string, error: SdkError, format: string | undefined, io: CliIo): number {
  io.err(`schemakit ${command}: ${error.message}`);
  if (format === "json")
    io.out(JSON.stringify({ error: { name: error.name, code: error.code, message: error.message } }, null, 2));
  return EXIT_USAGE;
}
