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
  if (report.h1) lines.push("", `H1: ${report.h1.verdict.toUpperCase()} — ${report.h1.reasoning}`);
  if (report.h1_unstructured)
    lines.push(
      "",
      `Unstructured induction (k = 1) at equal budget: ${report.h1_unstructured.verdict.toUpperCase()} — ΔV ${fmt(report.h1_unstructured.diff_mean, 4)} [${fmt(report.h1_unstructured.ci.lo, 4)}, ${fmt(report.h1_unstructured.ci.hi, 4)}]`,
    );
  if (report.structure_effect)
    lines.push(
      `Structured vs unstructured: ${report.structure_effect.verdict.toUpperCase()} — ΔV ${fmt(report.structure_effect.diff_mean, 4)} [${fmt(report.structure_effect.ci.lo, 4)}, ${fmt(report.structure_effect.ci.hi, 4)}]`,
    );
  if (report.calibration) lines.push("", `Calibration: ${report.calibration.verdict.toUpperCase()} — ${report.calibration.reasoning}`);
  lines.push("", `pre-registered: ${report.pre_registered ? `yes (${report.prereg_sha256?.slice(0, 12)})` : "no"}`);
  if (report.prereg_warning) lines.push(report.prereg_warning);
  lines.push(`${file} in ${relative(cwd, runDir) || runDir}`);
  return `${lines.join("\n")}\n`;
}
