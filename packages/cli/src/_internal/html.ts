import { join } from "node:path";
import { readRunReports } from "@fib/harness";
import { type ReportBundle, renderReport } from "@fib/report";
import { FibError, writeFileAtomic } from "@fib/schemas";
import type { OptionSpec } from "./command.js";

export const HTML_OPTION = {
  html: { type: "boolean", description: "also write report.html (a self-contained page with charts) into the run dir" },
} as const satisfies Record<string, OptionSpec>;

/** Render every report in a run dir into `report.html` (or `out`); returns its path. */
export function writeHtmlReport(runDir: string, out?: string): string {
  return writeBundleHtml(readRunReports(runDir), runDir, out ?? join(runDir, "report.html"));
}

/** The one path from a validated report bundle to a page on disk (`--html`, `fib report` and the demo). */
export function writeBundleHtml(bundle: ReportBundle, runDir: string, path: string): string {
  let html: string;
  try {
    html = renderReport(bundle);
  } catch (e) {
    // the JSON passed the shape check but a value inside has the wrong type: still the input's fault
    throw new FibError("INPUT_INVALID", `a report in it has a value of the wrong type, so it cannot be rendered (${(e as Error)?.message ?? e})`, { file: runDir, cause: e });
  }
  writeFileAtomic(path, html);
  return path;
}
