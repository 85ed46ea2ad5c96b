import type { CompatibilityReport, CompatibilityResult } from "../../src/compat/index.js";

/**
 * `schemakit check` as text: each incompatible schema with its findings, then one line per compatible
 * one. `versionCount` says how many earlier versions a result was checked against (0: a new schema).
 */
export function renderCheckText(
  report: CompatibilityReport,
  versionCount: (result: CompatibilityResult) => number,
): string[] {
  const lines: string[] = [];
  for (const result of report.results.filter((entry) => !entry.compatible)) lines.push(...renderIncompatible(result));
  for (const result of report.results.filter((entry) => entry.compatible)) {
    const count = versionCount(result);
    const registered = result.subject === null ? "" : " registered";
    const plural = count === 1 ? "" : "s";
    const verdict =
      count === 0
        ? `new, no${registered} earlier version to check against`
        : result.level === "NONE"
          ? "level NONE, not checked"
          : `${result.level} compatible with ${count}${registered} earlier version${plural}`;
    lines.push(`ok ${nameOf(result)}: ${verdict}`);
  }
  return lines;
}

function nameOf(result: CompatibilityResult): string {
  return result.subject === null ? result.schema : `${result.schema} (subject ${result.subject})`;
}

function renderIncompatible(result: CompatibilityResult): string[] {
  const count = result.incompatibilities.length;
  const lines = [`INCOMPATIBLE ${nameOf(result)} (${result.level}): ${count} finding${count === 1 ? "" : "s"}`];
  for (const found of result.incompatibilities) {
    const reads = found.direction === "backward" ? "new reads old" : "old reads new";
    // Registry findings are labelled with bare version numbers.
    const against = result.subject === null ? found.against : `version ${found.against}`;
    lines.push(`  ${found.type} at ${found.location} (against ${against}, ${reads})`);
    lines.push(`    ${found.message}`);
    lines.push(`    fix: ${found.fix}`);
  }
  return lines;
}
