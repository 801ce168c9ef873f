import { join } from "node:path";
import { readRunReports } from "@fib/harness";
import { type ReportBundle, renderReport } from "@fib/report";
import { writeFileAtomic } from "@fib/schemas";
import type { OptionSpec } from "./command.js";

export const HTML_OPTION: Record<string, OptionSpec> = {
  html: { type: "boolean", description: "also write report.html (a self-contained page with charts) into the run dir" },
};

/** Render every report in a run dir into `report.html` (or `out`); returns its path. */
export function writeHtmlReport(runDir: string, out?: string): string {
  const bundle = readRunReports(runDir) as ReportBundle;
  const path = out ?? join(runDir, "report.html");
  writeFileAtomic(path, renderReport(bundle));
  return path;
}
