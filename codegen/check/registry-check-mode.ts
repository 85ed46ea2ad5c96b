import { relative, resolve } from "node:path";
import {
  type CompatibilityLevel,
  createCompatibilityReport,
  type ProtobufRuleSet,
  toCompatibilityReportJson,
} from "../../src/compat/index.js";
import { type CliIo, EXIT_FINDING, EXIT_OK } from "../generate-command.js";
import { loadBoundSchemas } from "../registry/bound-schemas.js";
import { readLockfile, verifyLockfile } from "../registry/lockfile-file.js";
import { RegisteredVersions } from "../registry/registered-versions.js";
import { checkSubjects } from "../registry/registry-check.js";
import { requiredRegistryTarget } from "../registry/registry-target.js";
import { renderCheckText } from "./check-text.js";

/** The flags of `schemakit check` against the registry. */
export interface RegistryCheckFlags {
  readonly config: string | undefined;
  readonly registry: string | undefined;
  /** Overrides every subject's own level when given. */
  readonly level: CompatibilityLevel | undefined;
  readonly format: string;
  /** The Protobuf rules. */
  readonly rules: ProtobufRuleSet;
}

/**
 * `schemakit check` against the registry: every subject the config binds, against all of its registered
 * versions, at its effective level; the same report (text or JSON) as offline, with subjects filled in.
 */
export async function runRegistryCheck(flags: RegistryCheckFlags, io: CliIo, started: number): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const bound = await loadBoundSchemas(flags.config, cwd);
  const target = requiredRegistryTarget(
    { flag: flags.registry, config: bound.config.registry, env: io.env ?? process.env },
    "--against OLD to check offline",
  );
  try {
    const checks = await checkSubjects(
      target.client,
      new RegisteredVersions(target.client),
      bound.subjects,
      flags.level,
      flags.rules,
    );
    const report = createCompatibilityReport(checks.map((check) => check.result));
    if (flags.format === "json") {
      io.out(JSON.stringify(toCompatibilityReportJson(report), null, 2));
    } else {
      const counts = new Map(checks.map((check) => [check.result, check.versionCount]));
      for (const line of renderCheckText(report, (result) => counts.get(result) ?? 0)) io.out(line);
      const failing = checks.filter((check) => !check.result.compatible).length;
      io.out(
        `schemakit check: ${checks.length} subject${checks.length === 1 ? "" : "s"} against ${target.shown}: ` +
          `${failing === 0 ? "compatible" : `${failing} incompatible`} (${Math.round(performance.now() - started)} ms)`,
      );
    }
    return report.compatible ? EXIT_OK : EXIT_FINDING;
  } finally {
    await target.client.close();
  }
}

/**
 * `schemakit check --lock`: every bound subject is in the lockfile with the local schema's fingerprint.
 * No registry call: this is what CI runs to keep the lockfile in step with the schemas.
 */
export async function runLockCheck(
  configFlag: string | undefined,
  format: string,
  io: CliIo,
  cwd: string,
): Promise<number> {
  const bound = await loadBoundSchemas(configFlag, cwd);
  const path = resolve(bound.baseDir, bound.config.lockfile);
  const shown = relative(cwd, path).split("\\").join("/");
  const lockfile = await readLockfile(path, shown);
  const findings =
    lockfile === undefined
      ? [{ subject: null, schema: null, problem: "no-lockfile", message: `${shown} does not exist` }]
      : verifyLockfile(lockfile, bound.subjects);
  if (format === "json") {
    io.out(JSON.stringify({ upToDate: findings.length === 0, lockfile: shown, findings }, null, 2));
  } else {
    for (const finding of findings) io.out(`stale: ${finding.message}`);
    io.out(
      `schemakit check --lock: ${plural(bound.subjects.length, "subject")} in ${shown}: ` +
        (findings.length === 0
          ? "up to date"
          : `${findings.length} out of step; run schemakit register (or schemakit lock) to update it`),
    );
  }
  return findings.length === 0 ? EXIT_OK : EXIT_FINDING;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
