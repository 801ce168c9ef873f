import { relative } from "node:path";
import type { CalibrationBlock, HarnessReport } from "@fib/harness";
import { ci, fmt, table } from "./table.js";

/** Slices (separation and its CI) and models (accuracy per slice, answered and errored records). */
function sliceTables(report: HarnessReport, models: readonly string[]): string[] {
  const slices = Object.values(report.slices);
  const rows = Object.entries(report.slices).map(([name, s]) => [name, String(s.n_items), s.branch, s.S_mean, s.S_debiased, s.S_std, ci(s.per_seed[0]?.model_separation_S_ci)]);
  const sum = (m: string, of: (r: HarnessReport["slices"][string]["per_seed"][number]) => Record<string, number>) =>
    slices.reduce((a, s) => a + s.per_seed.reduce((b, r) => b + (of(r)[m] ?? 0), 0), 0);
  return [
    table(["slice", "items", "branch", "S_mean", "S_debiased", "S_std", "seed-0 S 95% CI"], rows),
    "",
    table(
      ["model", ...Object.keys(report.slices).map((s) => `${s} acc`), "answered", "errored"],
      models.map((m) => {
        const per = slices.map((s) => s.per_seed.reduce((a, r) => a + (r.accuracy_by_model[m] ?? 0), 0) / Math.max(1, s.per_seed.length));
        return [m, ...per, String(sum(m, (r) => r.answered_by_model)), String(sum(m, (r) => r.errored_by_model))];
      }),
    ),
  ];
}

/** Every H1 comparison the report holds, one row each. */
function comparisonTable(report: HarnessReport): string[] {
  const tests: [string, HarnessReport["h1"] | undefined][] = [
    ["blind vs static (no failures: the pool's luck and the design space)", report.h1_blind],
    ["unstructured vs static", report.h1_unstructured],
    ["unstructured vs blind (the failures' mass)", report.mass_effect],
    ["structured vs unstructured (the geometry)", report.structure_effect],
    ["induced vs blind (all the failures gave)", report.failure_effect],
  ];
  const shown = tests.filter((t): t is [string, NonNullable<HarnessReport["h1"]>] => Boolean(t[1]));
  if (!shown.length) return [];
  return [
    "",
    table(
      ["comparison at equal budget", "verdict", "ΔV", "95% CI", "Kendall τ"],
      shown.map(([name, t]) => [
        name,
        t.verdict,
        fmt(t.diff_mean, 4),
        `[${fmt(t.ci.lo, 4)}, ${fmt(t.ci.hi, 4)}]`,
        t.ranking ? `${fmt(t.ranking.kendall_tau, 2)}${t.ranking.reranked ? " re-ranked" : ""}` : "–",
      ]),
    ),
  ];
}

/** Which items H1 left out (not every model answered them), when any were. */
function droppedLine(s: NonNullable<HarnessReport["h1_scored"]>): string[] {
  const nd = Object.values(s.items_dropped).reduce((a, b) => a + b, 0);
  if (nd === 0 && !s.models_excluded.length) return [];
  const dropped = Object.entries(s.items_dropped)
    .map(([k, v]) => `${v} ${k}`)
    .join(", ");
  return [
    `H1 scored only items every model answered: dropped ${dropped} (over all seeds)${s.models_excluded.length ? `; models that answered nothing, left out: ${s.models_excluded.join(", ")}` : ""}`,
  ];
}

/** The plain-text account of a harness (or compare) report: slices, answered counts, the H1 tests as stored. */
/** A calibration's label, with the credited H1's own where it differs: "TOO LIBERAL (credited H1: CALIBRATED)". */
export function calibrationHeadline(c: Pick<CalibrationBlock, "verdict" | "verdict_credited">): string {
  const own = c.verdict_credited && c.verdict_credited !== c.verdict ? ` (credited H1: ${c.verdict_credited.toUpperCase()})` : "";
  return `${c.verdict.toUpperCase()}${own}`;
}

export function harnessText(report: HarnessReport, runDir: string, cwd: string, file = "harness_report.json"): string {
  const models = Object.keys(Object.values(report.slices)[0]?.per_seed[0]?.accuracy_by_model ?? {});
  const lines = [`${report.seeds.length} seed(s) × budget ${report.config.budget}; models: ${models.join(", ")}`, "", ...sliceTables(report, models)];
  const ind = report.induction;
  if (ind) {
    const from = ind.held_out ? `mined from held-out models (${ind.induce_models.join(", ")})` : `mined from scored models (${ind.shared_with_scored.join(", ")})`;
    lines.push(
      "",
      `induced from ${fmt(ind.n_failures, 1)} failures (mean over seeds) on ${ind.n_induction_items} items of '${ind.from}' (never scored), ${ind.k} clusters at seed 0, purity ${fmt(ind.failure_geometry_purity)}; ${from}`,
    );
  }
  if (report.h1_credited) lines.push("", `H1 (credited to the failures): ${report.h1_credited.verdict.toUpperCase()} (decided by: ${report.h1_credited.decided_by}) — ${report.h1_credited.reasoning}`);
  if (report.h1) lines.push("", `Induced vs static: ${report.h1.verdict.toUpperCase()} — ${report.h1.reasoning}`);
  lines.push(...comparisonTable(report));
  if (report.h1_scored) lines.push(...droppedLine(report.h1_scored));
  if (report.h2_induced) lines.push("", `H2 in the harness (induced vs static): ${report.h2_induced.verdict.toUpperCase()} — ${report.h2_induced.reasoning}`);
  const b = report.h2_blind;
  if (b) lines.push(`The null beside it (failure-blind vs static): ${b.verdict.toUpperCase()} — ΔPurity above chance ${fmt(b.diff_mean, 3)} [${fmt(b.ci.lo, 3)}, ${fmt(b.ci.hi, 3)}]`);
  if (report.calibration) lines.push("", `Calibration: ${calibrationHeadline(report.calibration)} — ${report.calibration.reasoning}`);
  lines.push("", `pre-registered: ${report.pre_registered ? `yes (${report.prereg_sha256?.slice(0, 12)})` : "no"}`);
  if (report.prereg_warning) lines.push(report.prereg_warning);
  lines.push(`${file} in ${relative(cwd, runDir) || runDir}`);
  return `${lines.join("\n")}\n`;
}
