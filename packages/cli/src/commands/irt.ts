import { relative } from "node:path";
import { runIrt } from "@fib/harness";
import { FibError } from "@fib/schemas";
import { defineCommand } from "../_internal/command.js";
import { HTML_OPTION } from "../_internal/html.js";
import { userPath } from "../_internal/paths.js";
import { progressReporter } from "../_internal/progress.js";
import { emitRun, flag, htmlSettings } from "../_internal/runFlags.js";
import { fmt, table } from "../_internal/table.js";
import { int, str } from "../_internal/values.js";

export default defineCommand({
  name: "irt",
  summary:
    "Item response theory over a run's models × items: item difficulty and discrimination, model abilities, information, fit and flags; `irt select` picks anchor items and measures how well they estimate each model's full accuracy.",
  positionals: [{ name: "select", description: "also choose --n anchor items and estimate each model's full accuracy from them, each model left out of the fit in turn, against random subsets" }],
  options: {
    run: { type: "string", value: "RUN_DIR", description: "a run directory with eval records (eval-static, batch import, harness)" },
    model: { type: "string", value: "2pl|rasch", description: "2pl: a discrimination per item; rasch: one shared by all", default: "2pl" },
    n: { type: "string", value: "N", description: "select: anchor items", default: "100" },
    method: {
      type: "string",
      value: "strata|information",
      description:
        "select: anchors by strata of predicted difficulty (one from each, their mean estimates accuracy), or greedily by information at the models' abilities (θ from the anchors, the model for the rest)",
      default: "strata",
    },
    draws: { type: "string", value: "N", description: "select: random subsets the anchors are compared with", default: "20" },
    seed: flag("seed", "seed of the strata draws and the random subsets"),
    "reports-dir": flag("reports-dir", "where the new run dir goes"),
    ...HTML_OPTION,
    json: flag("json", "print irt.json instead of the summary"),
  },
  details:
    "Writes a new run dir (the source run is never rewritten): irt.json, irt_items.csv, the matrix as responses.pyirt.jsonl (py-irt's input) and responses.csv, and with select anchors.txt.\nExample:\n  fib eval-static --dataset data/static/carb_2000_seed42.jsonl\n  fib irt --run data/reports/run_… --html\n  fib irt select --run data/reports/run_… --n 100",
  async run(v, pos, io) {
    if (pos[0] !== undefined && pos[0] !== "select") throw new FibError("USAGE", `irt takes no positional but 'select', got '${pos[0]}'`);
    const run = str(v, "run");
    if (!run) throw new FibError("USAGE", "give --run RUN_DIR (see 'fib irt --help')");
    const model = str(v, "model");
    if (model !== "2pl" && model !== "rasch") throw new FibError("USAGE", `--model must be 2pl or rasch, got ${model}`, { field: "model" });
    const method = str(v, "method");
    if (method !== "strata" && method !== "information") throw new FibError("USAGE", `--method must be strata or information, got ${method}`, { field: "method" });
    const progress = progressReporter(io);
    const { runDir, report } = await runIrt({
      run: userPath(io.cwd, run),
      model,
      seed: int(v, "seed"),
      ...(pos[0] === "select" ? { select: { n: int(v, "n", { min: 1 }), method, draws: int(v, "draws", { min: 1 }) } } : {}),
      reportsRoot: userPath(io.cwd, str(v, "reports-dir")),
      argv: io.argv,
      env: io.env,
      ...(io.signal ? { signal: io.signal } : {}),
      ...htmlSettings(v),
      onProgress: (p) => progress.update(p.stage, p.done, p.total),
    });
    progress.done();
    if (emitRun(v, io, runDir, report)) return 0;
    const lines = [
      `${report.model}: ${report.n_persons} models × ${report.n_items} items, ${fmt(100 * report.answered_share, 1)} % of cells answered (${report.n_unanswered} records without an answer); ${report.iterations} EM iterations${report.converged ? "" : " — NOT converged"}`,
      table(
        ["model", "θ", "SE", "answered", "correct"],
        [...report.abilities].sort((a, b) => b.theta - a.theta).map((a) => [a.id, fmt(a.theta), fmt(a.se), String(a.n_answered), String(a.n_correct)]),
      ),
      `flagged items: ${Object.entries(report.flagged)
        .map(([k, n]) => `${k.replace(/_/g, " ")} ${n}`)
        .join(", ")}`,
    ];
    if (report.select) {
      const s = report.select;
      lines.push(
        "",
        `anchors: ${s.n} items by ${s.method}; each model left out in turn, its accuracy estimated from its anchors`,
        table(
          ["model", "accuracy", "anchor estimate", "|error|", `random ${s.n} (mean |error| of ${s.draws})`],
          s.rows.map((r) => [r.id, fmt(r.accuracy), fmt(r.irt_estimate), fmt(r.irt_error), fmt(r.random_error)]),
        ),
        `mean |error|: anchors ${fmt(s.irt_mean_error)}, random subsets ${fmt(s.random_mean_error)}`,
      );
    }
    lines.push(`irt.json in ${relative(io.cwd, runDir) || runDir}`);
    io.stdout.write(`${lines.join("\n")}\n`);
    return report.converged ? 0 : 1;
  },
});
