import { relative } from "node:path";
import { EXPERIMENT_DEFAULTS as D, runIterate, UPDATE_RULES, type UpdateRule } from "@fib/harness";
import { FibError } from "@fib/schemas";
import { defineCommand } from "../_internal/command.js";
import { emitRun, LOOP_OPTIONS, loopSettings, RUN_OPTIONS, runSettings, flag } from "../_internal/runFlags.js";
import { userPath } from "../_internal/paths.js";
import { progressReporter } from "../_internal/progress.js";
import { table } from "../_internal/table.js";
import { float, int, optional, str } from "../_internal/values.js";

export default defineCommand({
  name: "iterate",
  summary: "Iterated failure feedback with convergence diagnostics (H3): evaluate → failures → clusters → G → repeat.",
  options: {
    dataset: flag("dataset", "starting dataset (round 0 samples --budget items from it)"),
    rounds: { type: "string", value: "N", description: "rounds", default: String(D.rounds) },
    update: { type: "string", value: "RULE", description: `${UPDATE_RULES.join(" | ")}: how a round's new items replace the old`, default: D.update },
    budget: flag("budget", "items per round"),
    ...RUN_OPTIONS,
    ...LOOP_OPTIONS,
    epsilon: { type: "string", value: "auto|E", description: "stopping rule: drift at most this (auto: the noise band measured in the run, its 95th percentile)", default: String(D.epsilon) },
    tau: { type: "string", value: "auto|T", description: "stopping rule: ARI on shared failures at least this (auto: the noise band's 5th percentile)", default: String(D.tau) },
    window: { type: "string", value: "W", description: "stopping rule: for this many rounds", default: String(D.window) },
    prereg: flag("prereg"),
    "require-convergence": { type: "boolean", description: "exit 1 unless the loop converged" },
    calibrate: {
      type: "string",
      value: "N",
      description: "also measure H3's false-positive rate (a shifting and a slowly drifting type mix) and power (a stationary loop) at this configuration, N loops of each",
    },
    label: flag("label"),
    json: flag("json", "print iterate_report.json"),
  },
  details: "Example:\n  fib iterate --rounds 5 --update substitute --seed 0",
  async run(v, _pos, io) {
    // the library checks the rule (one list, UPDATE_RULES)
    const update = str(v, "update");
    const prereg = str(v, "prereg");
    const label = str(v, "label");
    const progress = progressReporter(io);
    const { runDir, report } = await runIterate({
      dataset: userPath(io.cwd, str(v, "dataset")),
      rounds: int(v, "rounds", { min: 1 }),
      update: update as UpdateRule,
      budget: int(v, "budget", { min: 1 }),
      ...runSettings(v, io),
      ...(await loopSettings(v, io)),
      epsilon: str(v, "epsilon") === "auto" ? "auto" : float(v, "epsilon", { min: 0 }),
      tau: str(v, "tau") === "auto" ? "auto" : float(v, "tau", { min: -1, max: 1 }),
      window: int(v, "window", { min: 1 }),
      ...(prereg ? { prereg: userPath(io.cwd, prereg) } : {}),
      ...(label ? { label } : {}),
      ...optional("calibrate", int(v, "calibrate", { min: 1 })),
      onProgress: (p) => progress.update(p.stage, p.done, p.total),
    });
    progress.done();
    if (!emitRun(v, io, runDir, report)) {
      const rows = report.convergence_series.map((r) => [
        String(r.round),
        String(r.n_items),
        String(r.n_failures),
        r.model_separation_S,
        r.S_debiased,
        r.purity ?? Number.NaN,
        r.drift ?? Number.NaN,
        r.noise_band?.drift.p95 ?? Number.NaN,
        r.ari ?? Number.NaN,
        r.noise_band?.ari?.p5 ?? Number.NaN,
        String(r.n_overlap),
        String(r.k ?? "-"),
      ]);
      io.stdout.write(
        [
          `convergence_series (${report.config.update}, budget ${report.config.budget}, ${report.convergence_series.length} rounds)`,
          table(["round", "items", "failures", "S", "S_debiased", "purity", "drift", "drift noise p95", "ARI", "ARI noise p5", "overlap", "k"], rows),
          "",
          `H3: ${report.h3_verdict.toUpperCase()} — ${report.h3_reasoning}`,
          ...(report.calibration ? [`H3 calibration: ${report.calibration.verdict.toUpperCase()} — ${report.calibration.reasoning}`] : []),
          `pre-registered: ${report.pre_registered ? `yes (${report.prereg_sha256?.slice(0, 12)})` : "no"}${report.prereg_warning ? `\n${report.prereg_warning}` : ""}`,
          `iterate_report.json in ${relative(io.cwd, runDir) || runDir}`,
        ].join("\n") + "\n",
      );
    }
    if (v["require-convergence"] && report.converged_at === null) {
      throw new FibError("THRESHOLD_NOT_MET", "convergence was asked for (--require-convergence) and the loop did not converge");
    }
    return 0;
  },
});
