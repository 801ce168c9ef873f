import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { FibError, type Provenance, sha256File } from "@fib/schemas";

/** The report files a run can be replayed from, in order of preference. */
export const REPLAYABLE = ["harness_report.json", "iterate_report.json", "summary.json"] as const;

export interface ReplayPlan {
  file: (typeof REPLAYABLE)[number];
  argv: string[];
  provenance: Provenance;
  /** discover was run on this dir too: its argv (replayed on the new dir) */
  discoverArgv: string[] | null;
}

/** What a run dir says about how it was made: its report, the command line, the data it read. */
export function replayPlan(runDir: string): ReplayPlan {
  const file = REPLAYABLE.find((f) => existsSync(join(runDir, f)));
  if (!file) throw new FibError("INPUT_INVALID", `holds no replayable report (${REPLAYABLE.join(", ")})`, { file: runDir });
  const report = JSON.parse(readFileSync(join(runDir, file), "utf8")) as { provenance?: Provenance };
  const prov = report.provenance;
  if (!prov?.argv || prov.argv.length === 0) throw new FibError("INPUT_INVALID", "its provenance has no argv: it cannot be replayed", { file: join(runDir, file), field: "provenance.argv" });
  let discoverArgv: string[] | null = null;
  if (existsSync(join(runDir, "discovery.json"))) {
    const d = JSON.parse(readFileSync(join(runDir, "discovery.json"), "utf8")) as { provenance?: Provenance };
    discoverArgv = d.provenance?.argv ?? null;
  }
  return { file, argv: prov.argv, provenance: prov, discoverArgv };
}

/** Datasets whose sha256 no longer matches the provenance (a replay would not be of the same data). */
export async function changedDatasets(prov: Provenance, baseDir = process.cwd()): Promise<string[]> {
  const changed: string[] = [];
  for (const [path, hash] of Object.entries(prov.dataset_hashes)) {
    const abs = resolve(baseDir, path);
    if (!existsSync(abs)) changed.push(`${path} (missing)`);
    else if ((await sha256File(abs)) !== hash) changed.push(`${path} (sha256 differs)`);
  }
  return changed;
}

export interface ReportDiff {
  compared: number;
  mismatches: string[];
}

/**
 * Compare two reports field by field, provenance aside (timestamps, run ids and the git
 * state may differ): numbers within 1e-9 (relative), everything else equal.
 */
export function compareReports(a: unknown, b: unknown, opts: { tolerance?: number; ignore?: readonly string[] } = {}): ReportDiff {
  const tol = opts.tolerance ?? 1e-9;
  const ignore = new Set(opts.ignore ?? ["provenance"]);
  const out: ReportDiff = { compared: 0, mismatches: [] };
  const walk = (x: unknown, y: unknown, path: string) => {
    if (typeof x === "number" && typeof y === "number") {
      out.compared++;
      if (!(x === y || Math.abs(x - y) <= tol * Math.max(1, Math.abs(x)))) out.mismatches.push(`${path}: ${x} → ${y}`);
      return;
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) out.mismatches.push(`${path}: ${x.length} entries → ${y.length}`);
      for (let i = 0; i < Math.min(x.length, y.length); i++) walk(x[i], y[i], `${path}[${i}]`);
      return;
    }
    if (x && y && typeof x === "object" && typeof y === "object") {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
        if (!ignore.has(k)) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      }
      return;
    }
    if (JSON.stringify(x) !== JSON.stringify(y)) out.mismatches.push(`${path}: ${JSON.stringify(x)} → ${JSON.stringify(y)}`);
  };
  walk(a, b, "");
  return out;
}
