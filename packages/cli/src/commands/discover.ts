import { progressReporter } from "../_internal/progress.js";
import { relative } from "node:path";
import { runDiscover } from "@fib/harness";
import { FibError } from "@fib/schemas";
import { defineCommand } from "../_internal/command.js";
import { HTML_OPTION } from "../_internal/html.js";
import { userPath } from "../_internal/paths.js";
import { emitRun, flag, runBasics } from "../_internal/runFlags.js";
import { discoveryText } from "../_internal/discoveryText.js";
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
    io.stdout.write(`${discoveryText(report, `discovery.json in ${relative(io.cwd, runDir) || runDir}`)}\n`);
    return 0;
  },
});
