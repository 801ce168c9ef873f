import { relative } from "node:path";
import type { HarnessReport } from "@fib/harness";
import { ci, fmt, table } from "./table.js";

/** The plain-text account of a harness (or compare) report: slices, answered counts, the H1 tests as stored. */
export function harnessText(report: HarnessReport, runDir: string, cwd: string, file = "harness_report.json"): string {
  const first = Object.values(report.slices)[0]?.per_seed[0];
  const models = Object.keys(first?.accuracy_by_model ?? {});
  const rows = Object.entries(report.slices).map(([name, s]) => [name, String(s.n_items), s.branch, s.S_mean, s.S_debiased, s.S_std, ci(s.per_seed[0]?.model_separation_S_ci)]);
  const lines = [
    `${report.seeds.length} seed(s) × budget ${report.config.budget}; models: ${models.join(", ")}`,
    "",
    table(["slice", "items", "branch", "S_mean", "S_debiased", "S_std", "seed-0 S 95% CI"], rows),
    "",
    table(
      ["model", ...Object.keys(report.slices).map((s) => `${s} acc`), "answered", "errored"],
      models.map((m) => {
        const per = Object.values(report.slices).map((s) => s.per_seed.reduce((a, r) => a + (r.accuracy_by_model[m] ?? 0), 0) / Math.max(1, s.per_seed.length));
        const answered = Object.values(report.slices).reduce((a, s) => a + s.per_seed.reduce((b, r) => b + (r.answered_by_model[m] ?? 0), 0), 0);
        const errored = Object.values(report.slices).reduce((a, s) => a + s.per_seed.reduce((b, r) => b + (r.errored_by_model[m] ?? 0), 0), 0);
        return [m, ...per, String(answered), String(errored)];
      }),
    ),
  ];
  if (report.induction) {
    const ind = report.induction;
    lines.push(
      "",
      `induced from ${fmt(ind.n_failures, 1)} failures (mean over seeds) on ${ind.n_induction_items} items of '${ind.from}' (never scored), ${ind.k} clusters at seed 0, purity ${fmt(ind.failure_geometry_purity)}; ` +
        (ind.held_out ? `mined from held-out models (${ind.induce_models.join(", ")})` : `mined from scored models (${ind.shared_with_scored.join(", ")})`),
    );
  }
  if (report.h1_credited) lines.push("", `H1 (credited to the failures): ${report.h1_credited.verdict.toUpperCase()} (decided by: ${report.h1_credited.decided_by}) — ${report.h1_credited.reasoning}`);
  if (report.h1) lines.push("", `Induced vs static: ${report.h1.verdict.toUpperCase()} — ${report.h1.reasoning}`);
  const tests: [string, HarnessReport["h1"] | undefined][] = [
    ["blind vs static (no failures: the pool's luck and the design space)", report.h1_blind],
    ["unstructured vs static", report.h1_unstructured],
    ["unstructured vs blind (the failures' mass)", report.mass_effect],
    ["structured vs unstructured (the geometry)", report.structure_effect],
    ["induced vs blind (all the failures gave)", report.failure_effect],
  ];
  const shown = tests.filter((t): t is [string, NonNullable<HarnessReport["h1"]>] => Boolean(t[1]));
  if (shown.length)
    lines.push(
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
    );
  if (report.h1_scored) {
    const d = report.h1_scored.items_dropped;
    const nd = Object.values(d).reduce((a, b) => a + b, 0);
    if (nd > 0 || report.h1_scored.models_excluded.length)
      lines.push(
        `H1 scored only items every model answered: dropped ${Object.entries(d)
          .map(([k, v]) => `${v} ${k}`)
          .join(", ")} (over all seeds)${report.h1_scored.models_excluded.length ? `; models that answered nothing, left out: ${report.h1_scored.models_excluded.join(", ")}` : ""}`,
      );
  }
  if (report.h2_induced) lines.push("", `H2 in the harness (induced vs static): ${report.h2_induced.verdict.toUpperCase()} — ${report.h2_induced.reasoning}`);
  if (report.h2_blind)
    lines.push(
      `The null beside it (failure-blind vs static): ${report.h2_blind.verdict.toUpperCase()} — ΔPurity above chance ${fmt(report.h2_blind.diff_mean, 3)} [${fmt(report.h2_blind.ci.lo, 3)}, ${fmt(report.h2_blind.ci.hi, 3)}]`,
    );
  if (report.calibration) lines.push("", `Calibration: ${report.calibration.verdict.toUpperCase()} — ${report.calibration.reasoning}`);
  lines.push("", `pre-registered: ${report.pre_registered ? `yes (${report.prereg_sha256?.slice(0, 12)})` : "no"}`);
  if (report.prereg_warning) lines.push(report.prereg_warning);
  lines.push(`${file} in ${relative(cwd, runDir) || runDir}`);
  return `${lines.join("\n")}\n`;
}
