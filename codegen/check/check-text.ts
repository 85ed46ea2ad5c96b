import type { CompatibilityReport, CompatibilityResult } from "../../src/compat/index.js";

/** `schemakit check` as text: each incompatible schema with its findings, then one line per compatible one. */
export function renderCheckText(report: CompatibilityReport, versionCounts: ReadonlyMap<string, number>): string[] {
  const lines: string[] = [];
  for (const result of report.results.filter((entry) => !entry.compatible)) lines.push(...renderIncompatible(result));
  for (const result of report.results.filter((entry) => entry.compatible)) {
    const count = versionCounts.get(result.schema) ?? 0;
    lines.push(
      count === 0 || result.level === "NONE"
        ? `ok ${result.schema}: ${count === 0 ? "new, no earlier version to check against" : "level NONE, not checked"}`
        : `ok ${result.schema}: ${result.level} compatible with ${count} earlier version${count === 1 ? "" : "s"}`,
    );
  }
  return lines;
}

function renderIncompatible(result: CompatibilityResult): string[] {
  const count = result.incompatibilities.length;
  const lines = [`INCOMPATIBLE ${result.schema} (${result.level}): ${count} finding${count === 1 ? "" : "s"}`];
  for (const found of result.incompatibilities) {
    const reads = found.direction === "backward" ? "new reads old" : "old reads new";
    lines.push(`  ${found.type} at ${found.location} (against ${found.against}, ${reads})`);
    lines.push(`    ${found.message}`);
    lines.push(`    fix: ${found.fix}`);
  }
  return lines;
}
