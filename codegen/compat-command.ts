import { parseArgs } from "node:util";
import { parseCompatibilityLevel } from "../src/compat/index.js";
import { SdkError } from "../src/errors/index.js";
import { type CliIo, EXIT_OK, EXIT_USAGE } from "./generate-command.js";
import { readOptionalConfig } from "./registry/bound-schemas.js";
import { requiredRegistryTarget } from "./registry/registry-target.js";
import { reportFailure } from "./registry/command-failure.js";

export const COMPAT_USAGE = `usage: schemakit compat get [SUBJECT] [options]
       schemakit compat set [SUBJECT] LEVEL [options]

Reads or sets the compatibility level of a subject (--subject S, or SUBJECT), or the global level.
get shows a subject's effective level and where it comes from (the subject's own, or global).
Levels: NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE.
Exit 0 on success, 2 on bad usage or when the registry refuses or cannot be reached.

options:
  --subject S            the subject (instead of SUBJECT)
  --registry URL         the registry (else the config's registry, else SCHEMA_REGISTRY_URL); basic
                         auth from the URL's userinfo or SCHEMA_REGISTRY_USER / SCHEMA_REGISTRY_PASSWORD
  --format F             text (default) | json
  --config FILE          config file, for its registry (default ./schemakit.config.json, if present)`;

/** `schemakit compat get|set`: returns the exit code. */
export async function runCompat(argv: readonly string[], io: CliIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  let request: CompatRequest;
  let values: ReturnType<typeof parseCompatArgs>["values"];
  try {
    const parsed = parseCompatArgs(argv);
    values = parsed.values;
    if (values.help === true) {
      io.out(COMPAT_USAGE);
      return EXIT_OK;
    }
    request = compatRequest(parsed.positionals, values.subject);
    if (values.format !== undefined && values.format !== "text" && values.format !== "json")
      throw new Error(`--format must be text or json, got "${values.format}"`);
  } catch (error) {
    io.err(`schemakit compat: ${error instanceof Error ? error.message : String(error)}`);
    io.err(COMPAT_USAGE);
    return EXIT_USAGE;
  }
  try {
    const level = request.level === undefined ? undefined : parseCompatibilityLevel(request.level, "LEVEL");
    const config =
      values.config !== undefined || values.registry === undefined
        ? await readOptionalConfig(values.config, cwd)
        : undefined;
    const target = requiredRegistryTarget({
      flag: values.registry,
      config: config?.config.registry,
      env: io.env ?? process.env,
    });
    try {
      const { subject } = request;
      let answer: { level: string; source: "subject" | "global" };
      if (level !== undefined) {
        answer = {
          level: await target.client.setCompatibility(level, subject),
          source: subject === undefined ? "global" : "subject",
        };
      } else {
        const own = subject === undefined ? undefined : await target.client.getCompatibility(subject);
        answer =
          own === undefined
            ? { level: (await target.client.getCompatibility()) ?? "BACKWARD", source: "global" }
            : { level: own, source: "subject" };
      }
      if (values.format === "json") {
        io.out(JSON.stringify({ subject: subject ?? null, level: answer.level, source: answer.source }, null, 2));
      } else {
        const what = subject === undefined ? "global level" : `subject ${subject}`;
        const from = subject !== undefined && answer.source === "global" ? " (the global level)" : "";
        io.out(`${request.action === "set" ? "set " : ""}${what}: ${answer.level}${from}`);
      }
      return EXIT_OK;
    } finally {
      await target.client.close();
    }
  } catch (error) {
    if (SdkError.is(error)) return reportFailure("compat", error, values.format, io);
    throw error;
  }
}

interface CompatRequest {
  readonly action: "get" | "set";
  readonly subject: string | undefined;
  readonly level: string | undefined;
}

function compatRequest(positionals: readonly string[], subjectFlag: string | undefined): CompatRequest {
  const [action, ...rest] = positionals;
  if (action !== "get" && action !== "set") throw new Error(`expected get or set, got ${action ?? "nothing"}`);
  const max = (action === "get" ? 1 : 2) - (subjectFlag === undefined ? 0 : 1);
  if (rest.length > max) throw new Error(`too many arguments for compat ${action}`);
  if (action === "get") return { action, subject: subjectFlag ?? rest[0], level: undefined };
  const level = rest[rest.length - 1];
  if (level === undefined) throw new Error("compat set needs a LEVEL");
  return { action, subject: subjectFlag ?? (rest.length === 2 ? rest[0] : undefined), level };
}

function parseCompatArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      subject: { type: "string" },
      registry: { type: "string" },
      format: { type: "string" },
      config: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
