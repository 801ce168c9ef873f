import { progressReporter } from "../_internal/progress.js";
import { relative } from "node:path";
import { runDiscover } from "@fib/harness";
import { FibError } from "@fib/schemas";
import { defineCommand } from "../_internal/command.js";
import { HTML_OPTION } from "../_internal/html.js";
import { userPath } from "../_internal/paths.js";
import { emitRun, flag, runBasics } from "../_internal/runFlags.js";
import { ci, fmt, table } from "../_internal/table.js";
import { int, optional, str } from "../_internal/values.js";

export default defineCommand({
  name: "discover",
  summary: "Cluster a run's failures into failure modes and score how well they recover structure_id (H2).",
  options: {
    run: { type: "string", value: "RUN_DIR", description: "a run directory with eval records (e.g. from eval-static)" },
    records: { type: "string", value: "FILE", description: "or a JSONL file of eval records (needs --dataset)" },
    dataset: flag("dataset", "the items the records refer to (default for --run: the run's dataset)", null),
    k: { type: "string", value: "auto|N", description: "number of clusters, or auto (silhouette)", default: "auto" },
    seed: flag("seed", "seed of features, k-means and bootstrap"),
    dims: { type: "string", value: "N", description: "dimensions of the text embedding", default: "16" },
    "n-boot": flag("n-boot", "bootstrap resamples for the purity CI"),
    "null-reps": {
      type: "string",
      value: "N",
      description: "failure-permutation null replicates: each model's failures re-drawn at random, same counts, and the pipeline re-run (0: not run, and no claim that failures are structured)",
      default: "19",
    },
    "reports-dir": flag("reports-dir", "where a new run dir goes (with --records)"),
    ...HTML_OPTION,
    json: flag("json", "print discovery.json instead of the summary"),
  },
  details:
    "Writes discovery.json and appends events to the run dir; a run dir that already holds a discovery is never rewritten (the new one goes to a new run dir under --reports-dir).\nExample:\n  fib eval-static --models sim:shallow,sim:literalist,sim:negation-blind\n  fib discover --run data/reports/run_…",
  async run(v, _pos, io) {
    const kText = str(v, "k");
    const k = kText === "auto" ? "auto" : int(v, "k", { min: 1 });
    if (!v.run && !v.records) throw new FibError("USAGE", "give --run RUN_DIR or --records FILE (see 'fib discover --help')");
    if (v.run && v.records) throw new FibError("USAGE", "give --run RUN_DIR or --records FILE, not both");
    const dataset = str(v, "dataset");
    const run = str(v, "run");
    const records = str(v, "records");
    const progress = progressReporter(io);
    const { runDir, report } = await runDiscover({
      ...optional("run", run && userPath(io.cwd, run)),
      ...optional("records", records && userPath(io.cwd, records)),
      ...(dataset ? { dataset: userPath(io.cwd, dataset) } : {}),
      k: k as number | "auto",
      ...runBasics(v, io),
      dims: int(v, "dims", { min: 1 }),
      nullReps: int(v, "null-reps", { min: 0 }),
      onProgress: (p) => progress.update(p.stage, p.done, p.total),
    });
    progress.done();
    if (emitRun(v, io, runDir, report)) return 0;
    const where = `discovery.json in ${relative(io.cwd, runDir) || runDir}`;
    if (report.status !== "ok") {
      io.stdout.write(`${report.message}\n${where}\n`);
      return 0;
    }
    const lines = [
      `${report.n_failures} failures → ${report.k} clusters (${report.k_selection.method === "silhouette" ? `k chosen by silhouette: ${report.k_selection.scores.map((s) => `${s.k}:${fmt(s.silhouette, 2)}`).join(" ")}` : "k fixed"})`,
      "",
      ...report.profiles.map((p) => `  [${p.cluster_id}] ${p.description}`),
      "",
    ];
    if (report.h2) {
      const h = report.h2;
      lines.push(
        "H2 — do failure clusters recover the held-out structure_id?",
        table(
          ["metric", "value", "95% CI / baseline"],
          [
            ["macro purity", h.purity_macro, ci(h.purity_macro_ci)],
            ["shuffled-label purity", h.shuffled_baseline.mean, `p95 ${fmt(h.shuffled_baseline.p95)}, p = ${fmt(h.shuffled_baseline.p_value)}`],
            ...(h.within_type_baseline
              ? [["within-type-label purity", h.within_type_baseline.mean, `p95 ${fmt(h.within_type_baseline.p95)}, p = ${fmt(h.within_type_baseline.p_value)}`] as [string, number, string]]
              : []),
            ...(report.failure_structure?.null
              ? ([
                  [
                    "failure-null purity",
                    report.failure_structure.null.purity?.mean ?? Number.NaN,
                    report.failure_structure.null.purity ? `p95 ${fmt(report.failure_structure.null.purity.p95)}, p = ${fmt(report.failure_structure.null.purity.p_value)}` : "",
                  ],
                  [
                    "failure concentration G²",
                    report.failure_structure.g_statistic,
                    `failure-null p95 ${fmt(report.failure_structure.null.g.p95, 1)}, p = ${fmt(report.failure_structure.null.g.p_value)}`,
                  ],
                ] as [string, number, string][])
              : []),
            ["NMI", h.nmi, ""],
            ["ARI", h.ari, ""],
            ["MI(cluster, type)", report.diagnostics.mi_cluster_type ?? Number.NaN, "nats"],
            ["MI(cluster, model)", report.diagnostics.mi_cluster_model ?? Number.NaN, "nats"],
          ],
        ),
        "",
      );
      if (report.failure_structure?.lift.length) {
        const fs = report.failure_structure;
        lines.push(
          `Where models fail more than their base rate ${fmt(fs.base_rate)} (every evaluated item placed in its nearest cluster's region):`,
          table(
            ["cluster", "items", "records", "failure rate", "lift", "95% CI"],
            fs.lift.map((l) => [`[${l.cluster_id}]`, String(l.n_items), String(l.n_records), l.failure_rate, l.lift, `[${fmt(l.ci.lo)}, ${fmt(l.ci.hi)}]${l.high ? " high" : ""}`]),
          ),
          "",
        );
      }
      if (report.planted) {
        const p = report.planted;
        lines.push(
          `Planted weaknesses (simulated models; weak = true failure probability ≥ ${p.ratio} × the overall ${fmt(p.overall_failure_probability)}): ${p.weak.length} weak structure(s) (${p.weak.map((w) => `${w.structure_id} ${fmt(w.failure_probability)}`).join(", ")}); found as the majority of a high-lift region: ${p.found.length ? p.found.join(", ") : "none"} — recall ${fmt(p.recall)}, precision ${fmt(p.precision)}`,
          "",
        );
      }
      if (report.h2_verdict) lines.push(`H2: ${report.h2_verdict.toUpperCase()} — ${report.h2_reasoning}`, "");
    } else lines.push(`H2 not computed: ${report.h2_reason}`, "");
    lines.push(where);
    io.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  },
});
