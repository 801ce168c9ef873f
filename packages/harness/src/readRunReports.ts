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

/** The `kind`s each report file may hold, and fields every renderer reads from it. */
const SHAPES: Record<string, { kinds: string[]; fields: string[] }> = {
  "summary.json": { kinds: ["eval_static", "batch_import", "compare"], fields: [] },
  "discovery.json": { kinds: ["discovery"], fields: ["status", "profiles", "points"] },
  "harness_report.json": { kinds: ["harness"], fields: ["slices", "seeds"] },
  "iterate_report.json": { kinds: ["iterate"], fields: ["convergence_series", "h3_verdict"] },
};

function read(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new FibError("INPUT_INVALID", `not valid JSON (${(e as Error).message})`, { file: path, cause: e });
  }
  // a report from elsewhere is input: check the shape the renderer relies on before it runs
  const shape = SHAPES[basename(path)];
  if (!v || typeof v !== "object" || Array.isArray(v)) throw new FibError("INPUT_INVALID", "is not a fib report (not a JSON object)", { file: path });
  const r = v as Record<string, unknown>;
  if (shape && !shape.kinds.includes(String(r.kind)))
    throw new FibError("INPUT_INVALID", `is not a fib report: kind ${JSON.stringify(r.kind)}, expected ${shape.kinds.join(" or ")}`, { file: path, field: "kind" });
  for (const f of shape?.fields ?? []) if (r[f] === undefined || r[f] === null) throw new FibError("INPUT_INVALID", "lacks a field every fib report of its kind has", { file: path, field: f });
  return r;
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
  out.title = reportTitle(out, basename(runDir));
  if (!summary && !discovery && !harness && !iterate) {
    throw new FibError("INPUT_INVALID", "holds no report (summary.json, discovery.json, harness_report.json or iterate_report.json): did the run finish?", { file: runDir });
  }
  return out;
}

/** A page title a reader can take in at once: the command and what it ran on. */
export function reportTitle(r: RunReports, runDirName: string): string {
  const h = r.harness as { seeds?: unknown[]; config?: { budget?: number; command?: string }; slices?: Record<string, unknown> } | undefined;
  const it = r.iterate as { config?: { update?: string; rounds?: number; dataset?: string }; convergence_series?: unknown[] } | undefined;
  const ev = r.eval as { kind?: string; slice?: string; n?: number; models?: unknown[] } | undefined;
  const d = r.discovery as { n_failures?: number; k?: number } | undefined;
  const parts: string[] = [];
  if (h) {
    const one = (h.seeds?.length ?? 0) === 1;
    parts.push(`fib ${one ? "compare" : "harness"} — ${Object.keys(h.slices ?? {}).join(", ")}, ${h.seeds?.length ?? "?"} seed(s) × budget ${h.config?.budget ?? "?"}`);
  }
  if (it) parts.push(`fib iterate — ${it.config?.update ?? "?"}, ${it.convergence_series?.length ?? "?"} rounds`);
  if (ev) parts.push(`fib ${ev.kind === "batch_import" ? "batch import" : "eval-static"} — ${ev.slice ?? "?"}: ${ev.n ?? "?"} items × ${ev.models?.length ?? "?"} models`);
  if (d) parts.push(`discover — ${d.n_failures ?? "?"} failures, k = ${d.k ?? "?"}`);
  return parts.length ? parts.join(" · ") : `fib — ${runDirName}`;
}
