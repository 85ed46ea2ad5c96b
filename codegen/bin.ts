#!/usr/bin/env node
import { runCli } from "./cli.js";

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
} catch (error) {
  // Commands report their own failures; this is the last line of defence: one line and exit 2 (usage or
  // input error), never a stack trace and never exit 1, which means "a finding" (stale, incompatible).
  console.error(`schemakit: internal error (a bug in schemakit; please report it): ${String(error)}`);
  process.exitCode = 2;
}
