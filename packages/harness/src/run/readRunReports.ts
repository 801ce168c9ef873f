import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { CompareJson, DiscoveryJson, EvalSummaryJson, FibError, HarnessJson, IrtJson, IterateJson, type ReportBundle } from "@fib/schemas";
import type { z } from "zod";

/** The reports a run directory holds, validated against their schemas, with a title. */
export interface RunReports extends ReportBundle {
  title: string;
  run_dir: string;
}

function readJson(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new FibError("INPUT_INVALID", `not valid JSON (${(e as Error).message})`, { file: path, cause: e });
  }
}

/** A report from elsewhere is input: parse it with its schema, or an input error naming the file and field. */
function validate<S extends z.ZodType>(schema: S, value: unknown, file: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0] as z.core.$ZodIssue;
  const field = issue.path.length ? issue.path.map(String).join(".") : undefined;
  throw new FibError("INPUT_INVALID", `is not a fib report of its kind: ${issue.message}`, { file, ...(field ? { field } : {}) });
}

/** The reports a run wrote, in memory, by the file each is written to. */
export interface WrittenReports {
  summary?: unknown;
  discovery?: unknown;
  harness?: unknown;
  iterate?: unknown;
  irt?: unknown;
}

/**
 * One report bundle from reports in memory — what `fib demo` renders — through the same schemas
 * and the same title as a run dir read from disk: one path from report to page, whether the
 * report was just written or read back.
 */
export function reportBundle(runDir: string, reports: WrittenReports, title?: string): RunReports {
  const at = (f: string) => join(runDir, f);
  const out: RunReports = { title: title ?? `fib — ${basename(runDir)}`, run_dir: basename(runDir) };
  if (reports.summary !== undefined) {
    if ((reports.summary as { kind?: unknown })?.kind === "compare") out.compare = validate(CompareJson, reports.summary, at("summary.json"));
    else out.eval = validate(EvalSummaryJson, reports.summary, at("summary.json"));
  }
  if (reports.discovery !== undefined) out.discovery = validate(DiscoveryJson, reports.discovery, at("discovery.json"));
  if (reports.harness !== undefined) out.harness = validate(HarnessJson, reports.harness, at("harness_report.json"));
  if (reports.iterate !== undefined) out.iterate = validate(IterateJson, reports.iterate, at("iterate_report.json"));
  if (reports.irt !== undefined) out.irt = validate(IrtJson, reports.irt, at("irt.json"));
  if (title === undefined) out.title = reportTitle(out, basename(runDir));
  return out;
}

/** Gather a run directory's reports (summary.json, discovery.json, harness_report.json, iterate_report.json, irt.json). */
export function readRunReports(runDir: string): RunReports {
  if (!existsSync(runDir)) throw new FibError("INPUT_NOT_FOUND", "no such run directory", { file: runDir });
  const at = (f: string) => join(runDir, f);
  const summary = readJson(at("summary.json"));
  const discovery = readJson(at("discovery.json"));
  const harness = readJson(at("harness_report.json"));
  const iterate = readJson(at("iterate_report.json"));
  const irt = readJson(at("irt.json"));
  const out = reportBundle(runDir, { summary, discovery, harness, iterate, irt });
  if (!summary && !discovery && !harness && !iterate && !irt) {
    throw new FibError("INPUT_INVALID", "holds no report (summary.json, discovery.json, harness_report.json, iterate_report.json or irt.json): did the run finish?", { file: runDir });
  }
  return out;
}

/** A page title a reader can take in at once: the command and what it ran on. */
export function reportTitle(r: ReportBundle, runDirName: string): string {
  const h = r.harness;
  const it = r.iterate;
  const ev = r.eval;
  const d = r.discovery;
  const parts: string[] = [];
  if (h) {
    const one = h.seeds.length === 1;
    parts.push(`fib ${one ? "compare" : "harness"} — ${Object.keys(h.slices).join(", ")}, ${h.seeds.length} seed(s) × budget ${String(h.config.budget ?? "?")}`);
  }
  if (it) parts.push(`fib iterate — ${String(it.config.update ?? "?")}, ${it.convergence_series.length} rounds`);
  if (ev) parts.push(`fib ${ev.kind === "batch_import" ? "batch import" : "eval-static"} — ${ev.slice}: ${ev.n} items × ${ev.models.length} models`);
  if (d) parts.push(`discover — ${d.n_failures} failures, k = ${d.k}`);
  if (r.irt) parts.push(`fib irt — ${r.irt.model}, ${r.irt.n_persons} models × ${r.irt.n_items} items`);
  return parts.length ? parts.join(" · ") : `fib — ${runDirName}`;
}
