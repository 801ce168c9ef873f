import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { FibError } from "@fib/schemas";

/** The report JSON files a run directory can hold, by kind (untyped: each renderer reads what it knows). */
export interface RunReports {
  title: string;
  run_dir: string;
  eval?: unknown;
  discovery?: unknown;
  compare?: unknown;
  harness?: unknown;
  iterate?: unknown;
}

function read(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new FibError("INPUT_INVALID", `not valid JSON (${(e as Error).message})`, { file: path, cause: e });
  }
}

/** Gather a run directory's reports (summary.json, discovery.json, harness_report.json, iterate_report.json). */
export function readRunReports(runDir: string): RunReports {
  if (!existsSync(runDir)) throw new FibError("INPUT_NOT_FOUND", "no such run directory", { file: runDir });
  const out: RunReports = { title: `fib — ${basename(runDir)}`, run_dir: basename(runDir) };
  const summary = read(join(runDir, "summary.json"));
  if (summary?.kind === "compare") out.compare = summary;
  else if (summary) out.eval = summary;
  const discovery = read(join(runDir, "discovery.json"));
  if (discovery) out.discovery = discovery;
  const harness = read(join(runDir, "harness_report.json"));
  if (harness) out.harness = harness;
  const iterate = read(join(runDir, "iterate_report.json"));
  if (iterate) out.iterate = iterate;
  if (!summary && !discovery && !harness && !iterate) {
    throw new FibError("INPUT_INVALID", "holds no report (summary.json, discovery.json, harness_report.json or iterate_report.json): did the run finish?", { file: runDir });
  }
  return out;
}
