import { relative } from "node:path";
import { runEvalStatic } from "@fib/harness";
import { defineCommand } from "../_internal/command.js";
import { userPath } from "../_internal/paths.js";
import { emitRun, RUN_OPTIONS, runSettings, flag } from "../_internal/runFlags.js";
import { progressReporter } from "../_internal/progress.js";
import { ci, fmt, table } from "../_internal/table.js";
import { int, str } from "../_internal/values.js";

export default defineCommand({
  name: "eval-static",
  summary: "Evaluate models on a fixed dataset: per-model accuracy with bootstrap CIs, separation S, accuracy by type and depth.",
  options: {
    dataset: flag("dataset", "JSONL dataset of items"),
    ...RUN_OPTIONS,
    seed: flag("seed", "seed of the bootstrap"),
    label: flag("label", "slice label used in the run dir and report (default: the dataset's file name)"),
    concurrency: { type: "string", value: "N", description: "batches in flight", default: "4" },
    json: flag("json", "print summary.json instead of the table"),
  },
  details:
    "Writes <reports-dir>/run_<time>_<id>_eval-static_<label>/{events.jsonl,summary.json}.\nExample:\n  fib eval-static --dataset data/static/static_benchmark.jsonl --models stub:heuristic_a,sim:expert",
  async run(v, _pos, io) {
    const progress = progressReporter(io);
    const label = str(v, "label");
    const { runDir, summary } = await runEvalStatic({
      dataset: userPath(io.cwd, str(v, "dataset")),
      ...runSettings(v, io),
      concurrency: int(v, "concurrency", { min: 1 }),
      ...(label ? { label } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
      onProgress: (p) => progress.update(p.stage, p.done, p.total),
    });
    progress.done();
    if (emitRun(v, io, runDir, summary)) return 0;
    const types = Object.keys(summary.accuracy_by_type);
    const rows = summary.models.map((m) => [
      m,
      summary.accuracy_by_model[m] as number,
      ci(summary.accuracy_ci_by_model[m]),
      ...types.map((t) => summary.accuracy_by_type[t]?.[m] as number),
      String(summary.errors_by_model[m] ?? 0),
    ]);
    const out = [
      `${summary.slice}: ${summary.n} items × ${summary.models.length} models (${relative(io.cwd, summary.dataset) || summary.dataset})`,
      "",
      table(["model", "accuracy", "95% CI", ...types, "errors"], rows),
      "",
      `model_separation_S = ${fmt(summary.model_separation_S)}  95% CI ${ci(summary.model_separation_S_ci)}  (n_boot ${summary.model_separation_S_ci.n_boot})`,
      ...(summary.n_errors > 0 ? [`${summary.n_errors} records have no answer (errored or unparsable): counted as wrong`] : []),
      `run dir: ${relative(io.cwd, runDir) || runDir}`,
    ];
    io.stdout.write(`${out.join("\n")}\n`);
    return 0;
  },
});
